import type { ServerEvent } from '@attendance/protocol';

/**
 * Where services announce what just happened (attendance recorded, unknown face, …) so live dashboards
 * update without polling. Fire-and-forget: publishing never waits on, or fails because of, a viewer.
 */
export interface LiveEvents {
  publish(event: ServerEvent): void;
}

/** For composition roots and tests that have no relay. */
export const discardLiveEvents: LiveEvents = { publish: () => undefined };
