import {
  AttendanceEventSchema,
  AttendanceListSchema,
  ErrorBodySchema,
  PersonListSchema,
  PersonSchema,
} from '@attendance/protocol';
import { z } from 'zod';

/**
 * Shared schemas named once in the OpenAPI document (`components.schemas`) and referenced by `$ref` from
 * every route that uses them. fastify-type-provider-zod finds them through zod's global registry; adding a
 * schema again is a no-op, so every app of a process may call this.
 */
const COMPONENTS: [z.ZodType, string][] = [
  [PersonSchema, 'Person'],
  [PersonListSchema, 'PersonPage'],
  [AttendanceEventSchema, 'AttendanceEvent'],
  [AttendanceListSchema, 'AttendanceEventPage'],
  [ErrorBodySchema, 'Error'],
];

export function registerOpenApiComponents(): void {
  for (const [schema, id] of COMPONENTS) {
    if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { id });
  }
}
