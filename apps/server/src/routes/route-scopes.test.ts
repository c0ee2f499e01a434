import { describe, expect, it } from 'vitest';
import { isAllowed, requiredScope } from './route-scopes.js';

describe('route scopes', () => {
  it('looks up patterns, maps HEAD to GET and denies unknown routes to all but admin', () => {
    expect(requiredScope('POST', '/v1/identify')).toBe('edge');
    expect(requiredScope('HEAD', '/v1/people')).toBe('viewer');
    expect(requiredScope('GET', '/health')).toBe('open');
    expect(requiredScope('PUT', '/v1/people/:id')).toBe('admin');
    expect(requiredScope('GET', '/docsx')).toBe('admin');
  });

  it('admin holds every scope; others only their own', () => {
    expect(isAllowed(['admin'], 'edge')).toBe(true);
    expect(isAllowed(['edge'], 'viewer')).toBe(false);
    expect(isAllowed(['viewer'], 'viewer')).toBe(true);
    expect(isAllowed([], 'open')).toBe(true);
  });
});
