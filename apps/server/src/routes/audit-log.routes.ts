import { AuditLogQuerySchema, AuditLogSchema, toPage } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuditLogService } from '../services/audit-log.service.js';
import { apiKeySecurity, errorResponses, withZod } from './route-types.js';

/** `GET /v1/audit-log` (admin): erasures and other audited actions, newest first, without personal data. */
export function registerAuditLogRoutes(instance: FastifyInstance, deps: { auditLog: AuditLogService }): void {
  withZod(instance).get(
    '/v1/audit-log',
    {
      schema: {
        summary: 'List audit log entries',
        operationId: 'listAuditLog',
        tags: ['audit'],
        security: apiKeySecurity,
        querystring: AuditLogQuerySchema,
        response: { 200: AuditLogSchema, ...errorResponses },
      },
    },
    async (request) => toPage(await deps.auditLog.list(request.query), request.query),
  );
}
