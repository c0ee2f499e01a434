import type { EnrollmentOutcome } from './person-enrollment.js';

export interface SummaryRow {
  readonly name: string;
  readonly outcome: EnrollmentOutcome;
  readonly templates: number;
  readonly refusedPhotos: readonly { file: string; reason: string }[];
}

/** The end-of-run report: counts, then every person that was not enrolled and why. */
export function formatEnrollmentSummary(rows: readonly SummaryRow[]): string {
  const count = (kind: EnrollmentOutcome['kind']) => rows.filter((row) => row.outcome.kind === kind).length;
  const lines = [
    `enrolled ${count('enrolled')}, duplicates ${count('duplicate')}, refused ${count('refused')}, ` +
      `failed ${count('failed')} (of ${rows.length})`,
  ];
  for (const row of rows) {
    if (row.outcome.kind === 'enrolled') {
      const skipped = row.refusedPhotos.length > 0 ? `, ${row.refusedPhotos.length} photo(s) skipped` : '';
      lines.push(`  enrolled   ${row.name}: ${row.templates} template(s)${skipped}`);
    } else {
      lines.push(`  ${row.outcome.kind.padEnd(10)} ${row.name}: ${row.outcome.reason}`);
    }
    for (const photo of row.refusedPhotos) lines.push(`      skipped ${photo.file}: ${photo.reason}`);
  }
  return lines.join('\n');
}
