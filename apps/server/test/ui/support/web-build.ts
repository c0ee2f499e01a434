/**
 * `.ci/run` builds the web app before the tests (`npm run build:web`); a local run rebuilds it when the
 * build is missing or its sources changed, so a browser test never runs against a stale page.
 */
export { ensureWebBuild } from '../../../../../scripts/build-web-if-changed.js';
export { WEB_DIST } from '../../../../../scripts/web-build-stamp.js';
