/**
 * Exit codes of the `attendance` CLI (BSD sysexits where one fits), so scripts can tell a bad
 * configuration from an unreachable server or a broken model.
 */
export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  usage: 64,
  network: 69,
  model: 70,
  config: 78,
} as const;

export type ExitCodeName = keyof typeof EXIT_CODES;

/** An error that ends the command with a one-line message and a specific exit code. */
export class EdgeError extends Error {
  constructor(
    readonly exitCode: ExitCodeName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EdgeError';
  }
}
