import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

const BASE = {
  OIDC_ISSUER: 'https://sso.example.org/realms/staff',
  OIDC_CLIENT_ID: 'smart-attendance',
  OIDC_OPERATOR_VALUES: 'hr, front-desk',
};

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('OIDC settings', () => {
  it('are off without OIDC_ISSUER', () => {
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('parse a provider with role lists, a default name and default scopes', () => {
    const { oidc } = loadConfig(BASE);
    expect(oidc?.providerName).toBe('sso.example.org');
    expect(oidc?.scopes).toBe('openid profile email');
    expect(oidc?.roles).toEqual({
      claim: 'groups',
      values: { admin: [], operator: ['hr', 'front-desk'], viewer: [] },
    });
    expect(oidc?.redirectUrl).toBeUndefined();
  });

  it('refuse, all at once: plain http to another machine, no client id, no role mapping, no openid scope', () => {
    const problems = problemsOf({
      OIDC_ISSUER: 'http://sso.example.org',
      OIDC_SCOPES: 'profile',
    });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'OIDC_ISSUER',
      'OIDC_CLIENT_ID',
      'OIDC_ADMIN_VALUES, OIDC_OPERATOR_VALUES, OIDC_VIEWER_VALUES',
      'OIDC_SCOPES',
    ]);
  });

  it('accept plain http for a provider on this machine only', () => {
    expect(loadConfig({ ...BASE, OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc?.issuer.host).toBe(
      '127.0.0.1:9000',
    );
    expect(problemsOf({ ...BASE, OIDC_ISSUER: 'http://10.0.0.5:9000' })).toHaveLength(1);
  });
});
