import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface OidcTestUser {
  name: string;
  groups: string[];
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the relying party's callback (known once its server listens). */
  allowRedirect(url: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a free loopback port, with one confidential client and
 * the development login and consent pages (any password; the login name picks the user from `users`). The
 * `groups` claim comes from the `groups` scope, in the userinfo response (not in the ID token), as at many
 * providers.
 */
export async function startOidcTestProvider(users: Record<string, OidcTestUser>): Promise<OidcTestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'smart-attendance-test';
  const clientSecret = 'a test client secret of sufficient length';
  const redirectUris: string[] = [];
  let provider: Provider | undefined;

  const build = () =>
    new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      claims: { openid: ['sub'], profile: ['preferred_username', 'name'], groups: ['groups'] },
      scopes: ['openid', 'profile', 'groups'],
      cookies: { keys: ['oidc test provider cookie key'] },
      // Explicit lifetimes (seconds) keep the provider from printing a notice for each default.
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        Grant: 600,
        IdToken: 600,
        Interaction: 600,
        Session: 600,
      },
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      findAccount: (_ctx, id) => {
        const user = users[id];
        return {
          accountId: id,
          claims: () => ({
            sub: id,
            preferred_username: id,
            ...(user ? { name: user.name, groups: user.groups } : { groups: [] }),
          }),
        };
      },
    });

  server.on('request', (request, response) => {
    provider ??= build();
    void provider.callback()(request, response);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    allowRedirect(url) {
      redirectUris.push(url);
      provider = undefined; // rebuilt with the new redirect URI at the next request
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
