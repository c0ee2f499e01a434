import { ErrorBodySchema } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Fastify with zod schemas as the type provider. */
export const withZod = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

/** Documented error responses shared by every route. */
export const errorResponses = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } as const;

export const IdParamsSchema = z.strictObject({ id: z.uuid() });

/** Security requirement for OpenAPI: routes needing a key show the lock in /docs. */
export const apiKeySecurity = [{ apiKey: [] }];
