import { toCsv, type AttendanceEvent } from '@attendance/protocol';

/** The history's events as CSV, through the shared writer (spreadsheet formulas defused). */
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
  return toCsv(
    header,
    events.map((e) => [
      e.recorded_at,
      e.local_day,
      e.person.id,
      e.person.name,
      e.person.external_id,
      e.camera_id,
      e.model,
      e.similarity?.toFixed(4),
    ]),
  );
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
