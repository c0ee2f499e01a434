#!/usr/bin/env node
// Starts the server from its TypeScript sources (no build step): registers tsx's loader, then runs main.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
