import type { AttendanceEvent } from '@attendance/protocol';

/**
 * Quotes a CSV cell; cells starting with = + - @ (or tab/CR) get a leading apostrophe so a spreadsheet
 * never runs a name as a formula (CSV injection).
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function attendanceCsv(events: AttendanceEvent[]): string {
  const header = [
    'recorded_at',
    'local_day',
    'person_id',
    'name',
    'external_id',
    'camera_id',
    'model',
    'similarity',
  ];
  const rows = events.map((e) =>
    [
      e.recorded_at,
      e.local_day,
      e.person.id,
      e.person.name,
      e.person.external_id,
      e.camera_id,
      e.model,
      e.similarity?.toFixed(4) ?? null,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
