import { CONFIG_VARIABLES } from '../config.js';

/** What `attendance-server` does with its arguments: start, or print something and exit with `exitCode`. */
export type ServerInvocation =
  | { kind: 'start' }
  | { kind: 'print'; text: string; exitCode: 0 }
  | { kind: 'usage-error'; text: string; exitCode: 64 };

const MAIN_SETTINGS = `Main settings:
  HOST, PORT             where to listen                         default 127.0.0.1:8000
  DATABASE_URL           PostgreSQL + pgvector (postgres:// or postgresql://); unset: embedded PGlite
  DATA_DIR               embedded database, logs, generated admin key           default ./data
  API_KEY                the admin key; unset: generated into DATA_DIR/admin-api-key
  MODEL_PACK, MODELS_DIR face models served to the dashboard, kiosk and edges
  CACHE_BACKEND          memory | redis | upstash_rest | auto                   default memory
  REMOTE_DASHBOARD       true: /ui and /kiosk from other machines (sign-in still needed)
  LOG_LEVEL              fatal | error | warn | info | debug | trace | silent   default info`;

/** Names wrapped to lines of at most `width` characters, indented by two spaces. */
function wrapNames(names: readonly string[], width = 100): string {
  const lines: string[] = [];
  let line = ' ';
  for (const name of names) {
    if (line.length + name.length + 1 > width) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${name}`;
  }
  lines.push(line);
  return lines.join('\n');
}

export function serverHelp(version: string): string {
  return `attendance-server ${version}: the Smart Attendance server.

Usage: attendance-server            start the server
       attendance-server --help     this text
       attendance-server --version  the version

It takes no other flags. Settings are environment variables, or lines of a .env file in the directory it
is started from (the environment wins); every one is described in .env.example.

${MAIN_SETTINGS}

Every variable it reads:
${wrapNames([...CONFIG_VARIABLES].sort())}

Exit codes: 0 stopped cleanly, 1 startup or shutdown failure, 64 usage, 78 invalid configuration.`;
}

/** Reads the command line of `attendance-server`. */
export function readServerArgs(argv: readonly string[], version: string): ServerInvocation {
  if (argv.length === 0) return { kind: 'start' };
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    return { kind: 'print', text: serverHelp(version), exitCode: 0 };
  }
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    return { kind: 'print', text: `attendance-server ${version}`, exitCode: 0 };
  }
  return {
    kind: 'usage-error',
    text: `attendance-server: unknown arguments: ${argv.join(' ')}\nSettings are environment variables; see attendance-server --help.`,
    exitCode: 64,
  };
}
