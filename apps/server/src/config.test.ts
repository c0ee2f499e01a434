import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe(loadConfig.name, () => {
  it('has zero-setup defaults (PGlite, 127.0.0.1:8000, similarity 0.45, 12 h cooldown)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      databaseUrl: undefined,
      matching: { threshold: 0.45, duplicateThreshold: 0.45, ambiguityMargin: 0.02, efSearch: 200 },
      defaultModel: { id: 'default-512', dim: 512 },
      cooldownMs: 43_200_000,
      bodyLimitBytes: 262_144,
      attendanceTimeZone: 'UTC',
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('builds HNSW graphs at ef_construction 200 on PostgreSQL and 64 on embedded PGlite, unless set', () => {
    expect(loadConfig({}).hnsw).toEqual({ m: 16, efConstruction: 64 });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).hnsw).toEqual({
      m: 16,
      efConstruction: 200,
    });
    expect(loadConfig({ HNSW_EF_CONSTRUCTION: '100' }).hnsw.efConstruction).toBe(100);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', HNSW_EF_CONSTRUCTION: '80' }).hnsw.efConstruction,
    ).toBe(80);
  });

  it('searches at full breadth 400 on PostgreSQL and 200 on embedded PGlite, after a first search at 64, unless set', () => {
    expect(loadConfig({}).matching).toMatchObject({ efSearch: 200, efSearchFast: 64, clearMatchMargin: 0.1 });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).matching.efSearch).toBe(400);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', HNSW_EF_SEARCH: '300', HNSW_EF_SEARCH_FAST: '32' })
        .matching,
    ).toMatchObject({ efSearch: 300, efSearchFast: 32 });
  });

  it('parses overrides, per-model thresholds and falls back from TZ for the attendance day', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@h:5432/db',
      SIMILARITY_THRESHOLD: '0.5',
      DUPLICATE_THRESHOLD: '0.6',
      MODEL_THRESHOLDS: 'modelA=0.55, modelB@v2=0.4',
      TZ: 'Asia/Kolkata',
      COOLDOWN_SECONDS: '60',
    });
    expect(config.databaseUrl).toBe('postgres://u@h:5432/db');
    expect(config.matching.perModelThreshold).toEqual({ modelA: 0.55, 'modelB@v2': 0.4 });
    expect(config.matching.duplicateThreshold).toBe(0.6);
    expect(config.attendanceTimeZone).toBe('Asia/Kolkata');
    expect(config.cooldownMs).toBe(60_000);
  });

  it('resolves a relative DATA_DIR against baseDir', () => {
    expect(loadConfig({ DATA_DIR: 'state' }, { baseDir: '/srv/attendance' }).dataDir).toBe(
      '/srv/attendance/state',
    );
  });

  it('treats empty strings as unset', () => {
    expect(
      loadConfig({ DATABASE_URL: '', API_KEY: '', DUPLICATE_THRESHOLD: '' }).databaseUrl,
    ).toBeUndefined();
  });

  it('reports every bad variable at once', () => {
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        SIMILARITY_THRESHOLD: '2',
        DATABASE_URL: 'mysql://nope',
        API_KEY: 'short',
        ATTENDANCE_TIMEZONE: 'Mars/Olympus',
        MODEL_THRESHOLDS: 'bad',
        EMBEDDING_MODEL: "it's",
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems).toEqual(
        expect.arrayContaining([
          'PORT',
          'SIMILARITY_THRESHOLD',
          'DATABASE_URL',
          'API_KEY',
          'ATTENDANCE_TIMEZONE',
          'MODEL_THRESHOLDS',
          'EMBEDDING_MODEL',
        ]),
      );
    }
  });
});
