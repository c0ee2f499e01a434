import {
  DeviceListSchema,
  DevicePairedSchema,
  DevicePairSchema,
  DeviceSchema,
  PairingCodeCreatedSchema,
  PairingCodeCreateSchema,
  PairingCodeListSchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { DeviceService } from '../devices/device.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

/**
 * Pairing codes and devices. Admins create a code for one camera (`/v1/pairing-codes`, the code is shown
 * once) and list or revoke devices; `POST /v1/devices/pair` is open — the code is the credential — and
 * answers the device's own credential once.
 */
export function registerDeviceRoutes(instance: FastifyInstance, deps: { devices: DeviceService }): void {
  const app = withZod(instance);
  const tags = ['devices'];
  const security = apiKeySecurity;
  const actor = (request: { apiKey: { id: string } | null }) => request.apiKey?.id ?? null;

  app.post(
    '/v1/pairing-codes',
    {
      schema: {
        summary: 'Create a single-use pairing code for a camera',
        operationId: 'createPairingCode',
        tags,
        security,
        body: PairingCodeCreateSchema,
        response: { 201: PairingCodeCreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await deps.devices.createCode(request.body, actor(request))),
  );

  app.get(
    '/v1/pairing-codes',
    {
      schema: {
        summary: 'List pairing codes not yet used or expired',
        operationId: 'listPairingCodes',
        tags,
        security,
        response: { 200: PairingCodeListSchema, ...errorResponses },
      },
    },
    async () => ({ items: await deps.devices.pendingCodes() }),
  );

  app.post(
    '/v1/devices/pair',
    {
      schema: {
        summary: "Exchange a pairing code for a device's credential",
        operationId: 'pairDevice',
        tags,
        body: DevicePairSchema,
        response: { 201: DevicePairedSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await deps.devices.pair(request.body, request.ip)),
  );

  app.get(
    '/v1/devices',
    {
      schema: {
        summary: 'List paired devices (last seen, version, model)',
        operationId: 'listDevices',
        tags,
        security,
        response: { 200: DeviceListSchema, ...errorResponses },
      },
    },
    async () => ({ items: await deps.devices.list() }),
  );

  app.post(
    '/v1/devices/:id/revoke',
    {
      schema: {
        summary: "Revoke a device's credential",
        operationId: 'revokeDevice',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: DeviceSchema, ...errorResponses },
      },
    },
    (request) => deps.devices.revoke(request.params.id, actor(request)),
  );
}
