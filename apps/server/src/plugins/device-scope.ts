import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { requiredScope } from '../routes/route-scopes.js';

/** What a paired device's credential may call: identify, publish its view, report spoofs, read the model. */
export const DEVICE_ROUTES: ReadonlySet<string> = new Set([
  'POST /v1/identify',
  'POST /v1/spoof-events',
  'GET /v1/live/publish',
  'GET /v1/models/config',
]);

const routeOf = (request: FastifyRequest) =>
  `${request.method === 'HEAD' ? 'GET' : request.method} ${request.routeOptions.url ?? ''}`;

const cameraIn = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? (value as { camera_id?: unknown }).camera_id : undefined;

function checkCamera(request: FastifyRequest, named: unknown): void {
  const own = request.apiKey?.cameraId;
  if (own !== undefined && named !== undefined && named !== own) {
    throw new AppError('forbidden', `this device may only act for camera "${own}"`);
  }
}

/**
 * Narrows a device credential (an edge key bound to a camera) below what edge keys may do: only
 * {@link DEVICE_ROUTES}, and only for its own camera (`camera_id` in the query or the body). Add after the
 * auth hook, which sets `request.apiKey`.
 */
export function registerDeviceScope(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    done(
      deviceRefusal(request, () => {
        // Open routes (the kiosk's pages, its config and model files) need no scope at all.
        if (requiredScope(request.method, request.routeOptions.url) === 'open') return;
        if (!DEVICE_ROUTES.has(routeOf(request))) {
          throw new AppError('forbidden', 'a device credential may only identify and publish for its camera');
        }
        checkCamera(request, cameraIn(request.query));
      }),
    );
  });
  app.addHook('preValidation', (request, _reply, done) => {
    done(deviceRefusal(request, () => checkCamera(request, cameraIn(request.body))));
  });
}

/** Runs `check` for requests made with a device credential; its thrown refusal, if any, for `done`. */
function deviceRefusal(request: FastifyRequest, check: () => void): Error | undefined {
  if (request.apiKey?.cameraId === undefined) return undefined;
  try {
    check();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
