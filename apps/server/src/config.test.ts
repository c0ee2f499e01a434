import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe(loadConfig.name, () => {
  it('has zero-setup defaults (PGlite, 127.0.0.1:8000, similarity 0.45, day mode with a 5 min repeat gap)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      databaseUrl: undefined,
      matching: { threshold: 0.45, duplicateThreshold: 0.45, ambiguityMargin: 0.02, efSearch: 200 },
      defaultModel: { id: 'default-512', dim: 512 },
      cooldownMs: 300_000,
      attendance: { mode: 'day', repeatWindowMs: 300_000, dayStartMinutes: 0 },
      bodyLimitBytes: 262_144,
      attendanceTimeZone: 'UTC',
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('builds HNSW graphs at m 24 / ef_construction 200 on PostgreSQL and 16 / 64 on embedded PGlite, unless set', () => {
    expect(loadConfig({}).hnsw).toEqual({ m: 16, efConstruction: 64 });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).hnsw).toEqual({
      m: 24,
      efConstruction: 200,
    });
    expect(loadConfig({ HNSW_M: '12', HNSW_EF_CONSTRUCTION: '100' }).hnsw).toEqual({
      m: 12,
      efConstruction: 100,
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', HNSW_M: '16', HNSW_EF_CONSTRUCTION: '80' }).hnsw,
    ).toEqual({ m: 16, efConstruction: 80 });
  });

  it('searches first at 32 on PostgreSQL and 64 on embedded PGlite, then at full breadth 200, unless set', () => {
    expect(loadConfig({}).matching).toMatchObject({ efSearch: 200, efSearchFast: 64, clearMatchMargin: 0.1 });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).matching).toMatchObject({
      efSearch: 200,
      efSearchFast: 32,
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', HNSW_EF_SEARCH: '400', HNSW_EF_SEARCH_FAST: '48' })
        .matching,
    ).toMatchObject({ efSearch: 400, efSearchFast: 48 });
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

  it('keeps the original rolling window when asked for, or when COOLDOWN_SECONDS alone is set', () => {
    expect(loadConfig({ ATTENDANCE_MODE: 'rolling' }).attendance).toEqual({
      mode: 'rolling',
      repeatWindowMs: 43_200_000,
      dayStartMinutes: 0,
    });
    expect(loadConfig({ COOLDOWN_SECONDS: '600' }).attendance.mode).toBe('rolling');
    const day = loadConfig({
      ATTENDANCE_MODE: 'day',
      COOLDOWN_SECONDS: '600',
      SIGHTING_GAP_SECONDS: '90',
      ATTENDANCE_DAY_START: '04:30',
    });
    expect(day.attendance).toEqual({ mode: 'day', repeatWindowMs: 90_000, dayStartMinutes: 270 });
    expect(day.cooldownMs).toBe(90_000);
    expect(() => loadConfig({ ATTENDANCE_MODE: 'weekly' })).toThrow(/ATTENDANCE_MODE/);
    expect(() => loadConfig({ ATTENDANCE_DAY_START: '25:00' })).toThrow(/ATTENDANCE_DAY_START/);
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

  it("reads the original's postgresql+asyncpg:// URL as postgresql:// and says so without the password", () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql+asyncpg://user:secret@db:5432/attendance' });
    expect(config.databaseUrl).toBe('postgresql://user:secret@db:5432/attendance');
    expect(config.notices).toHaveLength(1);
    expect(config.notices[0]).not.toContain('secret');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).notices).toEqual([]);
    expect(() => loadConfig({ DATABASE_URL: 'mysql+aiomysql://u@h/db' })).toThrow(ConfigError);
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
