import {
  CameraDetailsInputSchema,
  CameraListSchema,
  CameraLivenessInputSchema,
  CameraParamsSchema,
  CameraRoleInputSchema,
  CameraSchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { CameraSettingsService } from '../services/camera-settings.service.js';
import type { LivenessPolicyService } from '../services/liveness-policy.service.js';
import { apiKeySecurity, errorResponses, withZod } from './route-types.js';

/** `/v1/cameras`: cameras seen so far, their name and location, door role and liveness policy. */
export function registerCameraRoutes(
  instance: FastifyInstance,
  deps: { liveness: LivenessPolicyService; cameraSettings: CameraSettingsService },
): void {
  const app = withZod(instance);
  const tags = ['cameras'];

  app.get(
    '/v1/cameras',
    {
      schema: {
        summary: 'List cameras with their door role and liveness policy',
        operationId: 'listCameras',
        tags,
        security: apiKeySecurity,
        description: 'Cameras (first seen on identify, or configured) with the liveness policy in force.',
        response: { 200: CameraListSchema, ...errorResponses },
      },
    },
    async () => ({ items: await deps.liveness.list() }),
  );

  /** A change to one camera's settings: the camera is created if it is new, and the answer is the camera. */
  const cameraChange = <Body extends z.ZodType>(
    doc: { summary: string; operationId: string; description: string },
    body: Body,
  ) => ({
    schema: {
      ...doc,
      tags,
      security: apiKeySecurity,
      params: CameraParamsSchema,
      body,
      response: { 200: CameraSchema, ...errorResponses },
    },
  });

  app.put(
    '/v1/cameras/:id/liveness',
    cameraChange(
      {
        summary: "Set a camera's liveness policy",
        operationId: 'setCameraLiveness',
        description:
          'Sets a camera’s liveness policy (creating the camera if needed). `enforce` refuses identify ' +
          'requests whose faces lack liveness evidence (422 `liveness_required`) or fail it (422 ' +
          '`spoof_detected`); `warn` and `off` never refuse.',
      },
      CameraLivenessInputSchema,
    ),
    (request) => deps.liveness.set(request.params.id, request.body),
  );
  app.put(
    '/v1/cameras/:id/role',
    cameraChange(
      {
        summary: "Set a camera's door role (entry, exit or both)",
        operationId: 'setCameraRole',
        description:
          'Sets a camera’s door role (creating the camera if needed): `entry` records arrivals (`in`), ' +
          '`exit` departures (`out`), `both` (the default) sightings whose day runs from first to last. ' +
          'Events already recorded keep their direction.',
      },
      CameraRoleInputSchema,
    ),
    (request) => deps.cameraSettings.setRole(request.params.id, request.body.role),
  );
  app.patch(
    '/v1/cameras/:id',
    cameraChange(
      {
        summary: "Set a camera's display name and location",
        operationId: 'updateCameraDetails',
        description:
          'Sets how people call a camera (creating it if needed): `name` (at most 80 characters) is shown by ' +
          'the dashboard instead of the id, `location` (at most 120) beside it. An omitted field stays as ' +
          'it is; `null` or an empty string clears it. A field over its limit is refused (400 ' +
          '`validation_failed`) and nothing is changed.',
      },
      CameraDetailsInputSchema,
    ),
    (request) => deps.cameraSettings.setDetails(request.params.id, request.body),
  );
}
