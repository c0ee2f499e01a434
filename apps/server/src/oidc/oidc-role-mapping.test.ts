import { describe, expect, it } from 'vitest';
import { roleFromClaims, type OidcRoleMapping } from './oidc-role-mapping.js';

const mapping: OidcRoleMapping = {
  claim: 'groups',
  values: { admin: ['it-admins'], operator: ['hr', 'front-desk'], viewer: ['staff'] },
};

describe(roleFromClaims.name, () => {
  it('maps an array claim to the strongest role it grants', () => {
    expect(roleFromClaims({ groups: ['staff', 'hr'] }, mapping)).toBe('operator');
    expect(roleFromClaims({ groups: ['staff', 'it-admins', 'hr'] }, mapping)).toBe('admin');
    expect(roleFromClaims({ groups: ['staff'] }, mapping)).toBe('viewer');
  });

  it('reads a single string claim', () => {
    expect(roleFromClaims({ groups: 'front-desk' }, mapping)).toBe('operator');
  });

  it('refuses (null) without a mapped value, a missing claim, or a claim of another type', () => {
    expect(roleFromClaims({ groups: ['visitors'] }, mapping)).toBeNull();
    expect(roleFromClaims({}, mapping)).toBeNull();
    expect(roleFromClaims({ groups: { hr: true } }, mapping)).toBeNull();
    expect(roleFromClaims({ groups: [1, null] }, mapping)).toBeNull();
  });

  it('compares values exactly (no prefix or case folding that could widen access)', () => {
    expect(roleFromClaims({ groups: ['IT-ADMINS', 'it-admins-old', 'h'] }, mapping)).toBeNull();
    expect(roleFromClaims({ roles: ['it-admins'] }, mapping)).toBeNull();
  });
});
