import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';
import { serializeRequest } from './log-redaction.js';
import { requestIdMixin } from './plugins/request-context.js';

/** Never logged: API keys in headers, and any body field that could hold a face or a secret. */
export const REDACT_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["x-api-key"]',
  'headers.authorization',
  '*.embedding',
  '*.embeddings',
  '*.apiKey',
  '*.key',
];

/**
 * pino to stdout and, unless disabled, to a size/daily-rotated `${DATA_DIR}/logs/app.log` (pino-roll).
 * Query strings are redacted (log-redaction.ts). Request bodies are never logged (Fastify does not log them by default and we add no serializer for them).
 */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'logToFile' | 'dataDir'>,
  /** Instead of stdout and the log file (tests). */
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest },
    mixin: requestIdMixin,
  };
  if (destination) return pino(options, destination);
  if (!config.logToFile || config.logLevel === 'silent') return pino(options);
  const logDir = path.join(config.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const transport = pino.transport({
    targets: [
      { target: 'pino/file', options: { destination: 1 }, level: config.logLevel },
      {
        target: 'pino-roll',
        options: {
          file: path.join(logDir, 'app.log'),
          frequency: 'daily',
          size: '10m',
          mkdir: true,
          limit: { count: 7 },
        },
        level: config.logLevel,
      },
    ],
  });
  return pino(options, transport);
}
