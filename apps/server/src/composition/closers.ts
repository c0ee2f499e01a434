/** What a server opened, closed in the reverse order of opening (the last thing opened closes first). */
export class Closers {
  readonly #stack: (() => Promise<void> | void)[] = [];

  add(close: () => Promise<void> | void): void {
    this.#stack.push(close);
  }

  /** Closes each once; a failure stops the sequence and is thrown. */
  async closeAll(): Promise<void> {
    for (let close = this.#stack.pop(); close; close = this.#stack.pop()) await close();
  }

  /** Closes each once, whatever fails (startup went wrong half-way). */
  async closeAllQuietly(): Promise<void> {
    for (let close = this.#stack.pop(); close; close = this.#stack.pop()) {
      await Promise.resolve()
        .then(close)
        .catch(() => undefined);
    }
  }
}
