import { z } from 'zod';
import { AttendanceEventSchema } from './attendance.js';
import { AttendanceCorrectedSchema } from './attendance-corrections.js';
import { SPOOF_REASONS } from './liveness.js';
import { PersonRefSchema } from './people.js';

/**
 * Events the server sends to integrations (webhooks and MQTT). Each carries ids, names, camera, times and
 * similarity; never an embedding or an image. `id` is unique per event (a UUID): a receiver that sees the
 * same id twice (a retry after a lost answer) handles it once.
 *
 * @example
 * { "id": "0b6f…", "type": "attendance.recorded", "occurred_at": "2026-12-06T08:01:02.000Z", "data": { … } }
 */
const integrationEvent = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    /** Unique per event (UUID): the receiver's deduplication key. */
    id: z.uuid(),
    type: z.literal(type),
    /** When it happened (ISO 8601, UTC). */
    occurred_at: z.string(),
    data,
  });

const CameraChangeSchema = z.object({ camera_id: z.string(), at: z.string() });

export const IntegrationEventSchema = z.discriminatedUnion('type', [
  /** A person was recognised and an attendance event stored (one per person per cooldown window). */
  integrationEvent('attendance.recorded', AttendanceEventSchema),
  /** An attendance event was corrected by hand (added, voided or reassigned), with the reason. */
  integrationEvent('attendance.corrected', AttendanceCorrectedSchema),
  /** A face nobody enrolled matched; at most one per camera per UNKNOWN_EVENT_INTERVAL_SECONDS. */
  integrationEvent(
    'person.unknown',
    z.object({
      camera_id: z.string(),
      /** Best similarity found (below the threshold), null when the gallery had no candidate. */
      similarity: z.number().nullable(),
      at: z.string(),
    }),
  ),
  /** An edge reported a presentation attack (photo, screen, mask). */
  integrationEvent(
    'spoof.detected',
    z.object({
      spoof_event_id: z.string(),
      camera_id: z.string(),
      score: z.number(),
      reason: z.enum(SPOOF_REASONS),
      mode: z.enum(['warn', 'enforce']),
      at: z.string(),
    }),
  ),
  /** A camera's live connection came up (relay presence). */
  integrationEvent('camera.online', CameraChangeSchema),
  /** A camera's live connection went away. */
  integrationEvent('camera.offline', CameraChangeSchema),
  integrationEvent('person.created', z.object({ person: PersonRefSchema, role: z.string() })),
  /** The person's name is gone with them: only the id and what was deleted. */
  integrationEvent(
    'person.erased',
    z.object({
      person_id: z.string(),
      templates_deleted: z.number().int(),
      events_deleted: z.number().int(),
    }),
  ),
  /** Sent by "test ping" to one endpoint only. */
  integrationEvent('webhook.ping', z.object({ endpoint_id: z.string() })),
]);
export type IntegrationEvent = z.infer<typeof IntegrationEventSchema>;
export type IntegrationEventType = IntegrationEvent['type'];
export type IntegrationEventOf<T extends IntegrationEventType> = Extract<IntegrationEvent, { type: T }>;

/** Every event type, for filters and documentation. */
export const INTEGRATION_EVENT_TYPES = IntegrationEventSchema.options.map(
  (option) => option.shape.type.value,
) as readonly IntegrationEventType[];
