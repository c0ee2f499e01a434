// One helper for both apps: the server's test support owns the child-process server (start, stop, SIGKILL).
export { ServerProcess, freePort } from '../../../server/test/support/server-process.js';
