import { describeLfwDevAcceptance } from './lfw-dev.fixture.js';

describeLfwDevAcceptance('open-256');
