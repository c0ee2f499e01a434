import { z } from 'zod';
import { PROTOCOL_VERSION } from './constants.js';
import { AttendanceEventSchema } from './attendance.js';
import { SPOOF_REASONS } from './liveness.js';

const envelope = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal(type), payload });

/** Typed messages the server pushes to dashboards over the live socket. */
export const ServerEventSchema = z.discriminatedUnion('type', [
  envelope('attendance.recorded', AttendanceEventSchema),
  /**
   * Today's board (or a past day) changed for a person: an event was recorded or corrected. Dashboards
   * showing that day fetch `GET /v1/attendance/board` (or the day) again; no names are carried.
   */
  envelope(
    'attendance.board_changed',
    z.object({
      /** Local working day that changed. */
      date: z.string(),
      person_id: z.string(),
      cause: z.enum(['recorded', 'corrected']),
      at: z.string(),
    }),
  ),
  envelope(
    'face.unknown',
    z.object({ camera_id: z.string(), similarity: z.number().nullable(), at: z.string() }),
  ),
  envelope('camera.online', z.object({ camera_id: z.string(), at: z.string() })),
  envelope('camera.offline', z.object({ camera_id: z.string(), at: z.string() })),
  /** A spoof attempt reported by an edge (no image, no embedding, no person). */
  envelope(
    'spoof.attempt',
    z.object({
      id: z.string(),
      camera_id: z.string(),
      score: z.number(),
      reason: z.enum(SPOOF_REASONS),
      mode: z.enum(['warn', 'enforce']),
      at: z.string(),
    }),
  ),
]);
export type ServerEvent = z.infer<typeof ServerEventSchema>;
export type ServerEventType = ServerEvent['type'];
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;
