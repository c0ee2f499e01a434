import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe(createLogger.name, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-logger-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes to the rotating app log under DATA_DIR/logs and redacts keys and embeddings', async () => {
    const logger = createLogger({ logLevel: 'info', logToFile: true, dataDir });
    logger.info(
      {
        req: { headers: { 'x-api-key': 'sa_super_secret_value', authorization: 'Bearer abc' } },
        body: { embedding: [0.123456] },
      },
      'probe line',
    );
    const logDir = path.join(dataDir, 'logs');
    let content = '';
    for (let attempt = 0; attempt < 50 && !content.includes('probe line'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      content = readdirSync(logDir)
        .filter((name) => name.startsWith('app'))
        .map((name) => readFileSync(path.join(logDir, name), 'utf8'))
        .join('');
    }
    expect(content).toContain('probe line');
    expect(content).not.toContain('sa_super_secret_value');
    expect(content).not.toContain('Bearer abc');
    expect(content).not.toContain('0.123456');
  });
});
