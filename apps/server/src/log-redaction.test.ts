import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it('keeps paging, dates and ids, and redacts keys, tokens, searches and anything unknown', () => {
    expect(redactUrl('/v1/people?q=Alice%20Smith&limit=5&offset=10')).toBe(
      '/v1/people?q=[redacted]&limit=5&offset=10',
    );
    expect(redactUrl('/v1/live/view?camera_id=door-1&api_key=sa_secret')).toBe(
      '/v1/live/view?camera_id=door-1&api_key=[redacted]',
    );
    expect(redactUrl('/x?key=a&token=b&name=Bob&API_KEY=c')).toBe(
      '/x?key=[redacted]&token=[redacted]&name=[redacted]&API_KEY=[redacted]',
    );
  });

  it('redacts a secret sent as a bare parameter name, and leaves URLs without a query alone', () => {
    expect(redactUrl('/v1/people?sa_0123456789abcdef-xyz')).toBe('/v1/people?[redacted]');
    expect(redactUrl('/v1/people?%73a_secret=1')).toBe('/v1/people?[redacted]');
    expect(redactUrl('/v1/people')).toBe('/v1/people');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
