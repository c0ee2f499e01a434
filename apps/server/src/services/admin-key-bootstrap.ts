import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { generateApiKey, type ApiKeyService } from './api-key.service.js';

/**
 * Makes sure an admin key exists: the API_KEY variable if set, otherwise a key generated once and kept in
 * `${dataDir}/admin-api-key` (mode 0600). Only the file path is logged, never the key. Returns the key.
 */
export async function bootstrapAdminKey(
  apiKeys: ApiKeyService,
  options: { apiKey: string | undefined; dataDir: string },
  logger: Logger,
): Promise<string> {
  if (options.apiKey) {
    await apiKeys.ensureAdminKey(options.apiKey, 'admin (API_KEY)');
    return options.apiKey;
  }
  const file = path.join(options.dataDir, 'admin-api-key');
  let key: string;
  if (existsSync(file)) {
    key = readFileSync(file, 'utf8').trim();
  } else {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    key = generateApiKey();
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    logger.warn({ file }, 'API_KEY is not set: generated an admin API key and wrote it to this file');
  }
  await apiKeys.ensureAdminKey(key, 'admin (generated)');
  return key;
}
