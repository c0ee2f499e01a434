import { describeLfwDevAcceptance } from './lfw-dev.fixture.js';

describeLfwDevAcceptance('faceplugin-512');
