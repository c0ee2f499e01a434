import { describe, expect, it } from 'vitest';
import { toUnitEmbedding } from '../../services/embedding-input.js';
import { toUnitEmbeddingBulk } from '../../services/bulk-embedding.js';
import { parseBulkBody } from './parse-bulk-body.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const person = (embeddings: unknown[]) => ({ name: 'Ada', embeddings });

describe('parseBulkBody', () => {
  it('hands number arrays on as float32 base64 that decode to the very same unit vector', () => {
    const values = Array.from({ length: 512 }, (_, i) => Math.sin(i + 0.123456789) * 3.3);
    const parsed = parseBulkBody(bytes(JSON.stringify({ model: 'm', people: [person([values])] })));
    if (!parsed.ok) throw new Error('refused');
    const wire = parsed.value.people[0]?.embeddings[0];
    expect(wire).toMatchObject({ dtype: 'float32' });
    expect(toUnitEmbeddingBulk(wire ?? [], 512, 'x')).toEqual(toUnitEmbedding(values, 512, 'x'));
    expect(parsed.value).toMatchObject({
      check_duplicates: true,
      people: [{ role: 'employee', active: true }],
    });
  });

  it('leaves a value that is not a finite float32 for the decoder to name', () => {
    const parsed = parseBulkBody(bytes(JSON.stringify({ model: 'm', people: [person([[1e39, 1]])] })));
    expect(parsed.ok && parsed.value.people[0]?.embeddings[0]).toEqual([1e39, 1]);
  });

  it('refuses invalid UTF-8, invalid JSON and prototype keys as invalid_json', () => {
    expect(parseBulkBody(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({
      ok: false,
      code: 'invalid_json',
      message: 'body is not valid UTF-8',
    });
    expect(parseBulkBody(bytes('{"model":'))).toMatchObject({
      code: 'invalid_json',
      message: 'body is not valid JSON',
    });
    expect(parseBulkBody(bytes('{"model":"m","__proto__":{"x":1},"people":[]}'))).toMatchObject({
      code: 'invalid_json',
    });
  });

  it('counts every problem and lists the first 20, clipped', () => {
    const people = Array.from({ length: 50 }, () => ({ name: '', embeddings: [[1]] }));
    const parsed = parseBulkBody(bytes(JSON.stringify({ model: 'm', people, ['k'.repeat(500)]: 1 })));
    if (parsed.ok || parsed.code !== 'validation_failed') throw new Error('accepted');
    expect(parsed.total).toBe(51);
    expect(parsed.details).toHaveLength(20);
    expect(parsed.details.map((d) => d.path)).toContain('body/people/0/name');
    expect(Math.max(...parsed.details.map((d) => d.message.length))).toBeLessThanOrEqual(200);
  });
});
