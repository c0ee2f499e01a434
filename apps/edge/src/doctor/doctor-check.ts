import type { ExitCodeName } from '../errors.js';

/** One line of the `doctor` report. `fail` makes the configuration unusable; `warn` does not. */
export interface CheckResult {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** Exit code when this check fails. */
  readonly exitCode?: ExitCodeName;
}

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

/** Renders the report; every line is self-explanatory without the docs. */
export function formatReport(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines = results.map(
    (result) => `[${MARK[result.status]}] ${result.name.padEnd(width)}  ${result.detail}`,
  );
  const failures = results.filter((result) => result.status === 'fail').length;
  lines.push(
    failures === 0
      ? 'The configuration works.'
      : `${failures} problem(s): the configuration will not work until they are fixed.`,
  );
  return lines.join('\n');
}
