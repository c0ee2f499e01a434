import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** The fields every captured log line has; tests name the others they look at. */
export interface CapturedLogLine {
  msg: string;
  level: number;
}

/** A pino logger (level debug) whose output is kept in memory, to assert on log lines and on what they omit. */
export function captureLogger<Line extends CapturedLogLine = CapturedLogLine>(): {
  logger: Logger;
  text: () => string;
  lines: () => Line[];
} {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);
  return { logger, text, lines };
}

/** pino's level number of `warn`. */
const WARN = 40;

/** A captured logger and the warnings it logged whose message contains `topic`. */
export function captureWarnings<Line extends CapturedLogLine = CapturedLogLine>(
  topic: string,
): { logger: Logger; warnings: () => Line[] } {
  const { logger, lines } = captureLogger<Line>();
  return {
    logger,
    warnings: () => lines().filter((line) => line.level === WARN && line.msg.includes(topic)),
  };
}
