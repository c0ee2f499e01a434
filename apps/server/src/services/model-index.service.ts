import type { ModelIndexStatus } from '@attendance/protocol';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { HnswParameters } from '../db/vector-sql.js';
import { AppError } from '../errors.js';
import type { ModelIndexRepository } from '../repositories/model-index.repository.js';
import type { ModelRegistry } from './model-registry.service.js';

interface BuildState {
  state: 'idle' | 'building' | 'failed';
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  /** Backend running the CREATE INDEX (PostgreSQL), so shutdown can cancel it. */
  pid: number | null;
  done: Promise<void> | null;
}

const idle = (): BuildState => ({
  state: 'idle',
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  error: null,
  pid: null,
  done: null,
});

export interface ModelIndexServiceDeps {
  db: Database;
  indexes: ModelIndexRepository;
  models: ModelRegistry;
  hnsw: HnswParameters;
  logger: Logger;
  /** How often a running index build logs its progress. */
  progressIntervalMs?: number;
}

/**
 * Operator control of a model's HNSW index for large imports: drop it before loading (inserting into an
 * HNSW graph row by row is the slow part of enrollment), then rebuild it once in the background. Progress
 * is logged every `progressIntervalMs` from pg_stat_progress_create_index (PostgreSQL; PGlite runs one
 * statement at a time, so it logs only start and end). One build per model at a time, per process.
 */
export class ModelIndexService {
  readonly #builds = new Map<string, BuildState>();

  private readonly progressIntervalMs: number;

  constructor(private readonly deps: ModelIndexServiceDeps) {
    this.progressIntervalMs = deps.progressIntervalMs ?? 5000;
  }

  async status(modelId: string): Promise<ModelIndexStatus> {
    const model = await this.deps.models.require(modelId);
    // A snapshot: the build may finish while this method awaits, and the answer must stay consistent.
    const build = { ...(this.#builds.get(model.id) ?? idle()) };
    const building = build.state === 'building';
    // PGlite runs one statement at a time: while it builds, any read would wait for the build to end.
    const readable = !building || this.deps.db.driver === 'postgres';
    const progress = building && readable ? await this.deps.indexes.progress(this.deps.db) : undefined;
    const index = readable ? await this.deps.indexes.find(this.deps.db, model.id) : undefined;
    return {
      model: model.id,
      dim: model.dim,
      // Not counted while building: a count scans the whole table, competing with the build.
      templates: building ? null : await this.deps.indexes.countTemplates(this.deps.db, model.id),
      index: index ? { name: index.name, valid: index.valid, size_bytes: index.sizeBytes } : null,
      build: {
        state: build.state,
        started_at: build.startedAt?.toISOString() ?? null,
        finished_at: build.finishedAt?.toISOString() ?? null,
        phase: progress?.phase ?? null,
        percent: progress?.percent ?? null,
        duration_ms: build.durationMs,
        error: build.error,
      },
    };
  }

  /** Drops the index; identify falls back to an exact scan until it is rebuilt. */
  async drop(modelId: string): Promise<void> {
    const model = await this.deps.models.require(modelId);
    this.#refuseWhileBuilding(model.id);
    if (await this.deps.indexes.drop(this.deps.db, model.id)) {
      this.deps.logger.warn(
        { model: model.id },
        'hnsw index dropped; identify scans all templates until rebuilt',
      );
    }
  }

  /** Starts a (re)build in the background and returns at once; poll {@link status} for progress. */
  async startBuild(modelId: string): Promise<ModelIndexStatus> {
    const model = await this.deps.models.require(modelId);
    this.#refuseWhileBuilding(model.id);
    const state: BuildState = { ...idle(), state: 'building', startedAt: new Date() };
    this.#builds.set(model.id, state);
    const templates = await this.deps.indexes.countTemplates(this.deps.db, model.id);
    this.deps.logger.info({ model: model.id, templates, ...this.deps.hnsw }, 'hnsw index build started');
    const timer =
      this.deps.db.driver === 'postgres'
        ? setInterval(() => void this.#logProgress(model.id), this.progressIntervalMs)
        : undefined;
    state.done = this.deps.db
      .transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        state.pid = rows[0]?.pid ?? null;
        await this.deps.indexes.rebuild(
          tx,
          { ...model, indexPrecision: this.deps.models.indexPrecision },
          this.deps.hnsw,
        );
      })
      .then(
        () => {
          this.deps.models.reset(model.id);
          this.#finish(state, null);
          this.deps.logger.info(
            { model: model.id, durationMs: state.durationMs },
            'hnsw index build 100% done',
          );
        },
        (error: unknown) => {
          this.#finish(state, error instanceof Error ? error.message : String(error));
          this.deps.logger.error({ model: model.id, err: error }, 'hnsw index build failed');
        },
      )
      .finally(() => clearInterval(timer));
    return this.status(model.id);
  }

  /** Cancels running builds (PostgreSQL) and waits for them to end; for shutdown. */
  async close(): Promise<void> {
    const running = [...this.#builds.values()].filter((b) => b.state === 'building');
    for (const build of running) {
      if (this.deps.db.driver === 'postgres' && build.pid !== null) {
        await this.deps.db.query('SELECT pg_cancel_backend($1)', [build.pid]).catch(() => undefined);
      }
    }
    await Promise.all(running.map(async (b) => b.done ?? undefined));
  }

  #refuseWhileBuilding(modelId: string): void {
    if (this.#builds.get(modelId)?.state === 'building') {
      throw new AppError('conflict', `the index of model "${modelId}" is being built`);
    }
  }

  #finish(state: BuildState, error: string | null): void {
    state.state = error === null ? 'idle' : 'failed';
    state.finishedAt = new Date();
    state.durationMs = state.finishedAt.getTime() - (state.startedAt?.getTime() ?? 0);
    state.error = error;
    state.pid = null;
  }

  async #logProgress(modelId: string): Promise<void> {
    const progress = await this.deps.indexes.progress(this.deps.db).catch(() => undefined);
    if (!progress) return;
    const percent = progress.percent === null ? '?' : progress.percent.toFixed(1);
    this.deps.logger.info(
      { model: modelId, phase: progress.phase, percent: progress.percent },
      `hnsw index build ${percent}% (${progress.phase})`,
    );
  }
}
