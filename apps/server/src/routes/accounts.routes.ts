import {
  AccountCreateSchema,
  AccountListSchema,
  AccountSchema,
  AccountUpdateSchema,
  PasswordResetSchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccountService } from '../accounts/account.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

/**
 * `/v1/accounts` (admin): people who sign in to the dashboard with a password. Create, list, change role or
 * disable, reset a password (their sessions end), sign them out everywhere, delete. Changes are audit-logged with
 * the acting key's or account's id; passwords never leave the server, not even as hashes.
 */
export function registerAccountRoutes(instance: FastifyInstance, deps: { accounts: AccountService }): void {
  const app = withZod(instance);
  const tags = ['accounts'];
  const security = apiKeySecurity;
  const actor = (request: { apiKey: { id: string } | null }) => request.apiKey?.id ?? null;

  app.get(
    '/v1/accounts',
    {
      schema: {
        summary: 'List user accounts',
        operationId: 'listAccounts',
        tags,
        security,
        response: { 200: AccountListSchema, ...errorResponses },
      },
    },
    async () => ({ items: await deps.accounts.list() }),
  );

  app.post(
    '/v1/accounts',
    {
      schema: {
        summary: 'Create a user account with a role',
        operationId: 'createAccount',
        tags,
        security,
        body: AccountCreateSchema,
        response: { 201: AccountSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await deps.accounts.create(request.body, actor(request))),
  );

  app.patch(
    '/v1/accounts/:id',
    {
      schema: {
        summary: "Change an account's role or disable it",
        operationId: 'updateAccount',
        tags,
        security,
        params: IdParamsSchema,
        body: AccountUpdateSchema,
        response: { 200: AccountSchema, ...errorResponses },
      },
    },
    (request) => deps.accounts.update(request.params.id, request.body, actor(request)),
  );

  app.post(
    '/v1/accounts/:id/password',
    {
      schema: {
        summary: "Set an account's password",
        operationId: 'setAccountPassword',
        tags,
        security,
        params: IdParamsSchema,
        body: PasswordResetSchema,
        response: { 200: AccountSchema, ...errorResponses },
      },
    },
    (request) => deps.accounts.resetPassword(request.params.id, request.body.password, actor(request)),
  );

  app.post(
    '/v1/accounts/:id/sessions/revoke',
    {
      schema: {
        summary: "End all of an account's sessions",
        operationId: 'revokeAccountSessions',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: z.object({ sessions_ended: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => ({ sessions_ended: await deps.accounts.endSessions(request.params.id) }),
  );

  app.delete(
    '/v1/accounts/:id',
    {
      schema: {
        summary: 'Delete an account',
        operationId: 'deleteAccount',
        tags,
        security,
        description:
          'Deletes the account; every session it had ends at once. Refused with 409 `conflict` for your own ' +
          'account and for the last admin who can sign in. Audit-logged (`account.deleted`).',
        params: IdParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.accounts.delete(request.params.id, actor(request));
      return reply.status(204).send(null);
    },
  );
}
