import type { ServerEventOf, ServerEvent } from '@attendance/protocol';

/** Several events in a burst (a group walking in) cost one reload. */
const RELOAD_DELAY_MS = 300;

type DayChange = ServerEventOf<'attendance.board_changed'>['payload'];

/**
 * Reloads a page when the server says a working day it shows changed (`attendance.board_changed` on the
 * live socket): debounced, only while the page is open, and not while someone is typing into one of its
 * fields (the reload would redraw the field under them; it waits until they leave it).
 */
export class DayChangeReload {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly shows: (change: DayChange) => boolean,
    private readonly reload: () => Promise<void>,
  ) {}

  onEvent(event: ServerEvent): void {
    if (event.type !== 'attendance.board_changed' || this.root.hidden) return;
    if (!this.shows(event.payload)) return;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.root.hidden) return;
      const focused = document.activeElement;
      const typing = focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement;
      if (typing && this.root.contains(focused) && !['button', 'submit'].includes(focused.type)) {
        this.schedule();
        return;
      }
      void this.reload();
    }, RELOAD_DELAY_MS);
  }
}

/** Whether `date` (YYYY-MM-DD) lies in `[from, to]`. */
export const withinDays = (date: string, from: string, to: string): boolean => from <= date && date <= to;

const dayShifted = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Whether a change's `date` (the working day in the installation's zone) can touch a day in `[from, to]`:
 * a person whose schedule is in another zone has that instant on the day before or after.
 */
export const nearDays = (date: string, from: string, to: string): boolean =>
  withinDays(date, dayShifted(from, -1), dayShifted(to, 1));
