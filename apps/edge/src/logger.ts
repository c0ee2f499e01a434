export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

/** Timestamped log lines on stderr (stdout stays free for data such as `embed` JSON lines). */
export function createStderrLogger(quiet = false): Logger {
  return (level, message) => {
    if (quiet && level === 'info') return;
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}\n`);
  };
}
