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
