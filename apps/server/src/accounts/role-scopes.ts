import type { AccountRole, ApiKeyScope } from '@attendance/protocol';

/** What an account's role may do, in the scopes every route already checks (see route-scopes.ts). */
export const scopesOfRole = (role: AccountRole): ApiKeyScope[] =>
  role === 'admin' ? ['admin'] : role === 'operator' ? ['operator', 'viewer'] : ['viewer'];
