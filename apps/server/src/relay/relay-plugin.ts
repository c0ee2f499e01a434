import websocket from '@fastify/websocket';
import { CameraIdSchema, type ApiKeyScope, type ErrorCode } from '@attendance/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { hasAnyScope, type AccessResolver } from '../access/access-grant.js';
import type { OriginPolicy } from '../access/origin-policy.js';
import type { FrameSink, ViewerFilter } from './frame-sink.js';
import { closeWebSocketsGoingAway, GOING_AWAY } from './going-away-pre-close.js';
import type { RelayLimits } from './relay-config.js';
import type { RelayHub } from './relay-hub.js';
import { liveSocketErrorHandler } from './ws-error-handler.js';
import { keepAlive, rawJpegSink, wsFrameSink } from './ws-frame-sink.js';

export interface LiveRelayPluginOptions {
  hub: RelayHub;
  resolveAccess: AccessResolver;
  originPolicy: OriginPolicy;
  limits: RelayLimits;
}

/** Camera id of frames published on `/ws/video-input` without a `camera_id`. */
export const ORIGINAL_CAMERA_ID = 'video-input';

const PublishQuerySchema = z.object({ camera_id: CameraIdSchema });
const ViewQuerySchema = z.object({ camera_id: z.union([z.literal('all'), CameraIdSchema]).default('all') });
/** The original had one room for every publisher; its clients name no camera. */
const OriginalPublishQuerySchema = z.object({ camera_id: CameraIdSchema.default(ORIGINAL_CAMERA_ID) });

const JPEG_MAGIC_0 = 0xff;
const JPEG_MAGIC_1 = 0xd8;

/**
 * `/v1/live/publish?camera_id=` (edge/admin key) and `/v1/live/view?camera_id=<id>|all` (viewer/admin key or
 * dashboard session). Every refusal happens before the upgrade, as an HTTP error with a JSON body.
 * `/ws/video-input` and `/ws/stream` are the original's routes with the same checks: a publisher without
 * `camera_id` publishes as {@link ORIGINAL_CAMERA_ID}; a `/ws/stream` viewer gets bare JPEG frames.
 */
export async function liveRelayPlugin(app: FastifyInstance, options: LiveRelayPluginOptions): Promise<void> {
  const { hub, limits } = options;
  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, {
      options: { maxPayload: limits.maxFrameBytes },
      preClose: closeWebSocketsGoingAway,
      errorHandler: liveSocketErrorHandler,
    });
  }
  let publishersConnecting = 0;

  const admit = async (request: FastifyRequest, reply: FastifyReply, scopes: readonly ApiKeyScope[]) => {
    const grant = await options.resolveAccess(request);
    if (!grant) return refuse(reply, 'unauthorized', 'a valid API key or dashboard session is required');
    const originOk =
      grant.via === 'session'
        ? options.originPolicy.isAllowed(request)
        : options.originPolicy.isAbsentOrAllowed(request);
    if (!originOk) return refuse(reply, 'forbidden', 'Origin not allowed');
    if (!hasAnyScope(grant, scopes)) {
      return refuse(reply, 'forbidden', `needs one of the scopes ${scopes.join(', ')}`);
    }
    return undefined;
  };

  const publishRoute = (path: string, query: z.ZodType<{ camera_id: string }>) =>
    app.get(
      path,
      {
        websocket: true,
        preValidation: async (request, reply) => {
          if (!query.safeParse(request.query).success) {
            return refuse(reply, 'validation_failed', 'camera_id: a valid camera id is required');
          }
          const refused = await admit(request, reply, ['edge', 'admin']);
          if (refused) return refused;
          if (hub.publisherCount + publishersConnecting >= limits.maxPublishers) {
            return refuse(reply, 'service_unavailable', 'too many cameras connected');
          }
          return undefined;
        },
      },
      (socket, request) => {
        const { camera_id: cameraId } = query.parse(request.query);
        publishersConnecting++;
        const publisher = hub.connectPublisher(cameraId, () =>
          socket.close(4000, 'replaced by a newer connection'),
        );
        publishersConnecting--;
        keepAlive(socket, limits.pingIntervalMs);
        socket.on('message', (data, isBinary) => {
          const frame = data instanceof Buffer ? data : null;
          if (!isBinary || !frame || frame[0] !== JPEG_MAGIC_0 || frame[1] !== JPEG_MAGIC_1) {
            socket.close(1003, 'binary JPEG frames only');
            return;
          }
          if (frame.length > limits.maxFrameBytes) {
            socket.close(1009, 'frame too large');
            return;
          }
          publisher.publish(frame);
        });
        socket.on('close', () => publisher.disconnect());
      },
    );

  const viewRoute = (path: string, sinkOf: (socket: WebSocket) => FrameSink) =>
    app.get(
      path,
      {
        websocket: true,
        preValidation: async (request, reply) => {
          const query = ViewQuerySchema.safeParse(request.query);
          if (!query.success) return refuse(reply, 'validation_failed', 'camera_id: a camera id or "all"');
          const refused = await admit(request, reply, ['viewer', 'admin']);
          if (refused) return refused;
          if (hub.viewerCount >= limits.maxViewers) {
            return refuse(reply, 'service_unavailable', 'too many viewers');
          }
          return undefined;
        },
      },
      (socket, request) => {
        const { camera_id: cameraId } = ViewQuerySchema.parse(request.query);
        const filter: ViewerFilter = cameraId === 'all' ? { kind: 'all' } : { kind: 'camera', cameraId };
        const viewer = hub.connectViewer(sinkOf(socket), filter);
        keepAlive(socket, limits.pingIntervalMs);
        // Viewers have nothing to say; anything they send (e.g. an application-level "ping") is ignored.
        socket.on('close', () => viewer.disconnect());
      },
    );

  publishRoute('/v1/live/publish', PublishQuerySchema);
  viewRoute('/v1/live/view', wsFrameSink);
  // The original's routes, for its camera client and dashboard: same keys and limits, its wire format.
  publishRoute('/ws/video-input', OriginalPublishQuerySchema);
  viewRoute('/ws/stream', rawJpegSink);

  const statusTimer = setInterval(() => hub.broadcastStatus(), limits.statusIntervalMs);
  statusTimer.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(statusTimer);
    hub.closeAll(GOING_AWAY, 'server shutting down');
    done();
  });
}

type RefusalCode = Extract<
  ErrorCode,
  'validation_failed' | 'unauthorized' | 'forbidden' | 'service_unavailable'
>;
const REFUSAL_STATUS: Record<RefusalCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  service_unavailable: 503,
};

function refuse(reply: FastifyReply, code: RefusalCode, message: string): FastifyReply {
  return reply.code(REFUSAL_STATUS[code]).send({ error: { code, message } });
}
