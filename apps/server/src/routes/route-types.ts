import { ErrorBodySchema } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Fastify with zod schemas as the type provider. */
export const withZod = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

/** Documented error responses shared by every route. */
export const errorResponses = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } as const;

/** `:id` of a resource (person, group, account, webhook…). */
export const IdParamsSchema = z.strictObject({ id: z.uuid().describe('The id of the resource (a UUID)') });

/** Security requirement for OpenAPI: routes needing a key show the lock in /docs. */
export const apiKeySecurity = [{ apiKey: [] }];

/**
 * Serialises a response without checking it against its schema once more, for large bodies the service
 * builds from typed values (a board or report of 10,000 people, where zod's pass over every row costs
 * more than computing them). The schema still documents the response in OpenAPI.
 */
export const unvalidatedJsonSerializer = () => (data: unknown) => JSON.stringify(data);
