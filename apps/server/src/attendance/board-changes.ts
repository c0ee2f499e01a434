import type { ServerEventOf } from '@attendance/protocol';
import type { LiveEvents } from '../relay/live-events.js';
import { workDayOf, type DayBoundary } from './work-day.js';

/** The live message telling dashboards that a person's day (and so the board) changed. */
export function boardChanged(
  change: { personId: string; at: Date; cause: 'recorded' | 'corrected' },
  boundary: DayBoundary,
): ServerEventOf<'attendance.board_changed'> {
  return {
    v: 1,
    type: 'attendance.board_changed',
    payload: {
      date: workDayOf(change.at, boundary),
      person_id: change.personId,
      cause: change.cause,
      at: new Date().toISOString(),
    },
  };
}

/**
 * Live events plus a board change after every recorded attendance event, so the recognition service needs
 * to know nothing about boards.
 */
export function withBoardChanges(live: LiveEvents, boundary: DayBoundary): LiveEvents {
  return {
    publish(event) {
      live.publish(event);
      if (event.type === 'attendance.recorded') {
        const { person, recorded_at } = event.payload;
        live.publish(
          boardChanged({ personId: person.id, at: new Date(recorded_at), cause: 'recorded' }, boundary),
        );
      }
    },
  };
}
