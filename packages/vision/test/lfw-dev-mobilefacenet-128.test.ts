import { describeLfwDevAcceptance } from './lfw-dev.fixture.js';

describeLfwDevAcceptance('mobilefacenet-128');
