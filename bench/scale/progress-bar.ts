/** One-line progress bar on stderr (a TTY redraws it; a log file gets one line per call). */
export function progressBar(label: string, fraction: number, suffix = ''): void {
  const width = 30;
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% ${suffix}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else process.stderr.write(`${line}\n`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\n');
}
