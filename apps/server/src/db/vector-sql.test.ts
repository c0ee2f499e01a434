import { describe, expect, it } from 'vitest';
import {
  dimLiteral,
  hnswIndexName,
  indexedEmbedding,
  modelLiteral,
  toVectorLiteral,
  VectorParam,
  type IndexPrecision,
} from './vector-sql.js';

describe('vector SQL helpers', () => {
  it('formats pgvector literals', () => {
    expect(toVectorLiteral(new Float32Array([0.5, -1, 0]))).toBe('[0.5,-1,0]');
  });

  it('inlines only valid model ids and dimensions', () => {
    expect(modelLiteral('faceplugin-512@87aacdfe')).toBe("'faceplugin-512@87aacdfe'");
    expect(() => modelLiteral("x'; DROP TABLE person; --")).toThrow();
    expect(() => dimLiteral(0)).toThrow();
    expect(() => dimLiteral(2001)).toThrow();
    expect(() => dimLiteral(1.5)).toThrow();
    expect(dimLiteral(512)).toBe('512');
  });

  it('casts to the index precision and inlines no other type', () => {
    expect(indexedEmbedding('t.embedding', 'halfvec', 512)).toBe('(t.embedding::halfvec(512))');
    expect(indexedEmbedding('embedding', 'vector', 128)).toBe('(embedding::vector(128))');
    expect(() => indexedEmbedding('embedding', 'text; --' as IndexPrecision, 128)).toThrow();
  });

  it('derives distinct identifier-safe index names', () => {
    expect(hnswIndexName('a:b')).toMatch(/^face_template_hnsw_[0-9a-f]{16}$/);
    expect(hnswIndexName('a:b')).not.toBe(hnswIndexName('a.b'));
  });

  it('a vector parameter is pgvector binary for pg and the text literal for PGlite', () => {
    const param = new VectorParam(new Float32Array([0.5, -1, 0]));
    expect(String(param)).toBe('[0.5,-1,0]');
    expect([...param.toPostgres()]).toEqual([0, 3, 0, 0, 0x3f, 0, 0, 0, 0xbf, 0x80, 0, 0, 0, 0, 0, 0]);
  });
});
