import * as client from 'openid-client';
import type { OidcIdentity } from '../repositories/account.repository.js';
import type { OidcConfig } from './oidc-config.js';

/** What the browser keeps (in a short-lived cookie) between leaving for the provider and coming back. */
export interface OidcTransaction {
  state: string;
  nonce: string;
  /** PKCE: only its S256 hash went to the provider; the token request proves we started this sign-in. */
  codeVerifier: string;
  redirectUrl: string;
}

/** A person the provider vouched for: who (issuer + subject), and their claims (ID token, then userinfo). */
export interface OidcPerson {
  identity: OidcIdentity;
  claims: Record<string, unknown>;
}

/**
 * The relying party (openid-client): authorization code flow with PKCE, state and nonce. The provider's
 * discovery document is fetched at the first sign-in (and again after a failure), so the server starts while
 * the provider is down.
 */
export class OidcClient {
  #configuration: Promise<client.Configuration> | undefined;

  constructor(private readonly config: OidcConfig) {}

  get providerName(): string {
    return this.config.providerName;
  }

  /** The provider's authorization URL for a new sign-in, and what must come back with the browser. */
  async begin(redirectUrl: URL): Promise<{ url: URL; transaction: OidcTransaction }> {
    const configuration = await this.#discover();
    const transaction: OidcTransaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      redirectUrl: redirectUrl.href,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: transaction.redirectUrl,
      scope: this.config.scopes,
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, transaction };
  }

  /**
   * Exchanges the code of `callbackQuery` and checks state, nonce, PKCE and the ID token's signature,
   * issuer, audience and expiry (openid-client throws on any mismatch).
   */
  async complete(callbackQuery: URLSearchParams, transaction: OidcTransaction): Promise<OidcPerson> {
    const configuration = await this.#discover();
    // The URL the provider redirected to, rebuilt from the registered one (not from proxy-dependent headers).
    const currentUrl = new URL(transaction.redirectUrl);
    currentUrl.search = callbackQuery.toString();
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      pkceCodeVerifier: transaction.codeVerifier,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the provider returned no ID token');
    let claims: Record<string, unknown> = { ...idClaims };
    // Many providers put groups only in the userinfo response, not in the ID token.
    if (!(this.config.roles.claim in claims)) {
      const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      claims = { ...userinfo, ...claims };
    }
    return { identity: { issuer: idClaims.iss, subject: idClaims.sub }, claims };
  }

  #discover(): Promise<client.Configuration> {
    this.#configuration ??= client
      .discovery(
        this.config.issuer,
        this.config.clientId,
        this.config.clientSecret,
        this.config.clientSecret ? client.ClientSecretBasic(this.config.clientSecret) : client.None(),
        // http:// is accepted by the configuration only for a provider on this machine (oidc-config.ts).
        this.config.issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        this.#configuration = undefined;
        throw error;
      });
    return this.#configuration;
  }
}
