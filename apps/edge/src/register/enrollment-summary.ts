import type { EnrollmentOutcome } from './person-enrollment.js';
import type { RefusedPhoto } from './photo-embedder.js';

export interface SummaryRow {
  readonly name: string;
  readonly outcome: EnrollmentOutcome;
  readonly templates: number;
  readonly refusedPhotos: readonly RefusedPhoto[];
  /** Photos not looked at (`--max-photos` reached). */
  readonly unusedPhotos?: number;
}

/**
 * The end-of-run report: counts of people, then of photos (with the refusals by cause), then every
 * person that was not enrolled and why, and every refused photo with the check it failed.
 */
export function formatEnrollmentSummary(rows: readonly SummaryRow[]): string {
  const count = (kind: EnrollmentOutcome['kind']) => rows.filter((row) => row.outcome.kind === kind).length;
  const lines = [
    `enrolled ${count('enrolled')}, duplicates ${count('duplicate')}, refused ${count('refused')}, ` +
      `failed ${count('failed')} (of ${rows.length})`,
  ];
  const refused = rows.flatMap((row) => row.refusedPhotos);
  const used = rows.reduce((sum, row) => sum + row.templates, 0);
  const unused = rows.reduce((sum, row) => sum + (row.unusedPhotos ?? 0), 0);
  if (refused.length > 0 || unused > 0) {
    const byKind = new Map<string, number>();
    for (const photo of refused) byKind.set(photo.kind, (byKind.get(photo.kind) ?? 0) + 1);
    const causes = [...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
    lines.push(
      `photos: ${used} used, ${refused.length} refused${causes ? ` (${causes})` : ''}` +
        (unused > 0 ? `, ${unused} not needed` : ''),
    );
  }
  for (const row of rows) {
    if (row.outcome.kind === 'enrolled') {
      const skipped = row.refusedPhotos.length > 0 ? `, ${row.refusedPhotos.length} photo(s) refused` : '';
      lines.push(`  enrolled   ${row.name}: ${row.templates} template(s)${skipped}`);
    } else {
      lines.push(`  ${row.outcome.kind.padEnd(10)} ${row.name}: ${row.outcome.reason}`);
    }
    for (const photo of row.refusedPhotos) lines.push(`      refused ${photo.file}: ${photo.reason}`);
  }
  return lines.join('\n');
}
