import type { AccountRole } from '@attendance/protocol';
import { z } from 'zod';
import { commaSeparatedList } from '../env-list.js';
import type { OidcRoleMapping } from './oidc-role-mapping.js';

const optional = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

/** Environment variables of OpenID Connect sign-in; merged into the server's config schema. */
export const oidcEnvShape = {
  /** The provider's issuer URL (its discovery document is `<issuer>/.well-known/openid-configuration`). Unset: no OIDC. */
  OIDC_ISSUER: optional,
  OIDC_CLIENT_ID: optional,
  /** Empty for a public client (PKCE only). */
  OIDC_CLIENT_SECRET: optional,
  /** Registered at the provider; default: `<the dashboard's address>/ui/api/oidc/callback`. */
  OIDC_REDIRECT_URL: optional,
  /** Shown on the sign-in button ("Sign in with …"); default: the issuer's host name. */
  OIDC_PROVIDER_NAME: optional,
  OIDC_SCOPES: z.string().default('openid profile email'),
  /** The claim (ID token or userinfo) whose values are mapped to roles. */
  OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
  OIDC_ADMIN_VALUES: commaSeparatedList,
  OIDC_OPERATOR_VALUES: commaSeparatedList,
  OIDC_VIEWER_VALUES: commaSeparatedList,
};

type OidcEnv = z.infer<z.ZodObject<typeof oidcEnvShape>>;

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  redirectUrl: URL | undefined;
  providerName: string;
  scopes: string;
  roles: OidcRoleMapping;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const parseUrl = (raw: string): URL | undefined => (URL.canParse(raw) ? new URL(raw) : undefined);

/** Plain http only to a provider on this machine (tests, a local provider); anything else must be https. */
function secureEnough(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * OIDC settings, or `config: null` when OIDC_ISSUER is unset. `problems` lists every inconsistent setting
 * (the caller reports them with the rest of the configuration).
 */
export function toOidcConfig(env: OidcEnv): { config: OidcConfig | null; problems: string[] } {
  if (!env.OIDC_ISSUER) return { config: null, problems: [] };
  const problems: string[] = [];
  const issuer = parseUrl(env.OIDC_ISSUER);
  if (!issuer || !secureEnough(issuer)) {
    problems.push('OIDC_ISSUER: an https:// URL (http:// only for a provider on this machine)');
  }
  const redirectUrl = env.OIDC_REDIRECT_URL ? parseUrl(env.OIDC_REDIRECT_URL) : undefined;
  if (env.OIDC_REDIRECT_URL && (!redirectUrl || !/^https?:$/.test(redirectUrl.protocol))) {
    problems.push('OIDC_REDIRECT_URL: an http(s):// URL ending in /ui/api/oidc/callback');
  }
  if (!env.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER');
  const values: Record<AccountRole, readonly string[]> = {
    admin: env.OIDC_ADMIN_VALUES,
    operator: env.OIDC_OPERATOR_VALUES,
    viewer: env.OIDC_VIEWER_VALUES,
  };
  if (Object.values(values).every((granted) => granted.length === 0)) {
    problems.push(
      'OIDC_ADMIN_VALUES, OIDC_OPERATOR_VALUES, OIDC_VIEWER_VALUES: at least one value of ' +
        `${env.OIDC_ROLE_CLAIM} must map to a role, or nobody could sign in`,
    );
  }
  if (!env.OIDC_SCOPES.split(/\s+/).includes('openid')) problems.push('OIDC_SCOPES: must include openid');
  if (problems.length > 0 || !issuer || !env.OIDC_CLIENT_ID) return { config: null, problems };
  return {
    config: {
      issuer,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      redirectUrl,
      providerName: env.OIDC_PROVIDER_NAME ?? issuer.hostname,
      scopes: env.OIDC_SCOPES.trim(),
      roles: { claim: env.OIDC_ROLE_CLAIM, values },
    },
    problems,
  };
}
