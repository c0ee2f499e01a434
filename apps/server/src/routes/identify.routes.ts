import { IdentifyRequestSchema, IdentifyResponseSchema } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { RecognitionService } from '../services/recognition.service.js';
import { apiKeySecurity, errorResponses, withZod } from './route-types.js';

/** `POST /v1/identify`: one or several faces of one frame. */
export function registerIdentifyRoutes(
  instance: FastifyInstance,
  deps: { recognition: RecognitionService },
): void {
  withZod(instance).post(
    '/v1/identify',
    {
      schema: {
        summary: 'Identify faces by embedding and record attendance',
        operationId: 'identifyFaces',
        tags: ['recognition'],
        security: apiKeySecurity,
        description:
          'Matches each face against enrolled templates of the same model. A match needs cosine similarity ≥ the ' +
          'threshold (higher = stricter); a different person within the ambiguity margin answers `ambiguous`.',
        body: IdentifyRequestSchema,
        response: { 200: IdentifyResponseSchema, ...errorResponses },
      },
    },
    (request) => deps.recognition.identify(request.body),
  );
}
