import { readFileSync } from 'node:fs';

/** The server's version, from its package.json (shown in the OpenAPI document, `GET /` and `--version`). */
export const SERVER_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
