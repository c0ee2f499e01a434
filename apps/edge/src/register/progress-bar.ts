/**
 * A one-line progress bar on a TTY (`[#####-----] 12/30 Ada Lovelace`), or one plain line per step
 * when the output is a pipe or a log file.
 */
export class ProgressBar {
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 24,
  ) {}

  tick(label: string): void {
    this.done += 1;
    const line = `${this.bar()} ${this.done}/${this.total} ${label}`;
    if (this.stream.isTTY) {
      const columns = this.stream.columns || 80;
      this.stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
      if (this.done === this.total) this.stream.write('\n');
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  private bar(): string {
    const filled = this.total === 0 ? this.width : Math.round((this.done / this.total) * this.width);
    return `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}]`;
  }
}
