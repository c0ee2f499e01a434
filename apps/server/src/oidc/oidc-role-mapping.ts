import type { AccountRole } from '@attendance/protocol';

/** Which values of the role claim (a group name, usually) grant which role. */
export interface OidcRoleMapping {
  /** The claim to read, e.g. `groups` or `roles`; a string or an array of strings at the provider. */
  claim: string;
  values: Readonly<Record<AccountRole, readonly string[]>>;
}

const STRONGEST_FIRST: readonly AccountRole[] = ['admin', 'operator', 'viewer'];

/** The claim's values as strings: one string, an array of strings, anything else nothing. */
export function claimValues(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * The strongest role any of the person's claim values maps to; `null` when none does (the sign-in is refused:
 * being known to the provider is not a reason to see attendance).
 */
export function roleFromClaims(
  claims: Readonly<Record<string, unknown>>,
  mapping: OidcRoleMapping,
): AccountRole | null {
  const held = new Set(claimValues(claims, mapping.claim));
  return STRONGEST_FIRST.find((role) => mapping.values[role].some((value) => held.has(value))) ?? null;
}
