import { ConfigError, loadConfigFromProcess } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { migrateDown, migrateStatusLines, migrateUp, migrationStatus } from '../db/migrator.js';

const USAGE = 'usage: npm run migrate -w @attendance/server -- up [steps] | down [steps] | status';

/** `migrate up [steps] | down [steps] | status` against DATABASE_URL (or the embedded PGlite under DATA_DIR). */
async function main(argv: string[]): Promise<number> {
  const [command, stepsArg] = argv;
  const steps = stepsArg === undefined ? undefined : Number(stepsArg);
  if (
    !command ||
    !['up', 'down', 'status'].includes(command) ||
    (steps !== undefined && !(Number.isInteger(steps) && steps > 0))
  ) {
    console.error(USAGE);
    return 64;
  }
  const config = loadConfigFromProcess();
  const db = await createDatabase({ ...config, poolSize: 1 });
  try {
    if (command === 'up') {
      console.log('applied:', (await migrateUp(db, MIGRATIONS, steps)).join(', ') || 'nothing');
    } else if (command === 'down') {
      console.log('reverted:', (await migrateDown(db, MIGRATIONS, steps ?? 1)).join(', ') || 'nothing');
    } else for (const line of migrateStatusLines(await migrationStatus(db, MIGRATIONS))) console.log(line);
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `migrate failed: ${String(error)}`);
    process.exit(1);
  },
);
