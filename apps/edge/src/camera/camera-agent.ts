import { randomBytes } from 'node:crypto';
import type { AnalyzedFace, FacePipeline, PassiveLiveness } from '@attendance/vision';
import type { ApiClient } from '../client/api-client.js';
import type { Logger } from '../logger.js';
import type { LivePublisher } from '../live/live-publisher.js';
import type { MjpegPreviewServer } from '../live/mjpeg-preview.server.js';
import type { OfflineQueue } from '../queue/offline-queue.js';
import type { RgbFrame } from '../render/rgb-raster.js';
import { EmbedScheduler } from '../tracking/embed-scheduler.js';
import { sampleQuality } from '../tracking/embedding-fusion.js';
import { IouTracker } from '../tracking/iou-tracker.js';
import { ScheduledTracking } from '../tracking/scheduled-tracking.js';
import { AgentStats, type AgentCounters } from './agent-stats.js';
import { DecisionLog } from './decision-log.js';
import { faceOverlay } from './face-label.js';
import { publishFrame, statusBanners } from './frame-output.js';
import { IdentifySession } from './identify-session.js';
import type { TrackLivenessGate } from './track-liveness.js';
import type { RecognitionPolicy } from './track-recognizer.js';

export interface CameraAgentOptions {
  readonly pipeline: FacePipeline;
  readonly frames: AsyncIterable<RgbFrame>;
  readonly client: ApiClient;
  readonly queue: OfflineQueue;
  readonly cameraId: string;
  readonly policy: RecognitionPolicy;
  /** Passive liveness (MiniFASNet) and its per-track gate; null when liveness is off. */
  readonly liveness: { readonly checker: PassiveLiveness; readonly gate: TrackLivenessGate } | null;
  /** Cosine below which a tracked face is treated as a new person (null: IoU only). */
  readonly appearanceGate: number | null;
  readonly live: LivePublisher | null;
  readonly preview: MjpegPreviewServer | null;
  readonly jpegQuality: number;
  readonly statsIntervalMs: number;
  /** At the end of a finite source, wait this long for the offline queue to drain. */
  readonly drainTimeoutMs: number;
  readonly retryIntervalMs: number;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

export interface CameraAgentSummary extends AgentCounters {
  /** Requests still in the offline queue at exit (they are replayed by the next run). */
  readonly stillQueued: number;
}

/**
 * The edge loop: frame → detect + quality → track → embed what the scheduler asks for → fuse → identify →
 * annotate → publish. Identify requests run concurrently with the loop; their answers colour the boxes of
 * later frames, and a recognised track keeps its label without new embeddings until it is due again.
 */
export async function runCameraAgent(options: CameraAgentOptions): Promise<CameraAgentSummary> {
  const { pipeline, log } = options;
  const runId = randomBytes(4).toString('hex');
  const stats = new AgentStats(Date.now());
  const decisions = new DecisionLog(log);
  const tracker = new IouTracker(
    { minIou: 0.3, maxMissedFrames: 5, idPrefix: `${runId}-t` },
    options.appearanceGate,
  );
  const gate = options.liveness?.gate ?? null;
  const session = new IdentifySession({
    client: options.client,
    queue: options.queue,
    cameraId: options.cameraId,
    modelId: pipeline.modelId,
    policy: options.policy,
    gate,
    retryIntervalMs: options.retryIntervalMs,
    stats,
    decisions,
    log,
  });
  const { recognizer } = session;
  const tooSmallLogged = new Set<string>();
  const tracking = new ScheduledTracking(pipeline, tracker, new EmbedScheduler(), (stage, ms) =>
    stats.stage(stage, ms),
  );
  let embedded = 0;

  let nextReport = Date.now() + options.statsIntervalMs;
  let readStarted = performance.now();
  try {
    for await (const frame of options.frames) {
      stats.stage('read', performance.now() - readStarted);
      stats.count('frames');
      const now = Date.now();
      const { faces, ended } = await tracking.process(frame, now, (trackId) =>
        (gate?.allowsIdentify(trackId) ?? true) ? recognizer.sampleNeed(trackId, now) : null,
      );
      recognizer.forget(ended);
      decisions.ended(ended);
      gate?.forget(ended);
      for (const id of ended) tooSmallLogged.delete(id);
      const liveness = options.liveness;
      if (liveness) {
        await timed(stats, 'liveness', async () => {
          for (const face of faces) {
            // Only faces that passed quality are scored: a dark or blurred crop says nothing about spoofing.
            if (!face.quality.ok) continue;
            if (face.embedReason === null && !liveness.gate.needsScore(face.trackId)) continue;
            liveness.gate.observe(face.trackId, await liveness.checker.check(frame, face));
          }
        });
      }
      const overlays = timedSync(stats, 'track', () =>
        faces.map((face) => {
          const trackId = face.trackId;
          decisions.observe(trackId, face);
          if (face.embedding !== null) embedded += 1;
          const allowed = gate?.allowsIdentify(trackId) ?? true;
          recognizer.observe(trackId, allowed ? usableSample(face) : null, now);
          const spoof = gate?.takeSpoofReport(trackId);
          if (spoof) session.reportSpoof(trackId, spoof);
          stats.count('faces');
          if (!face.quality.ok) stats.count('refused');
          const refused = face.quality.ok ? [] : face.quality.reasons;
          const base = faceOverlay(face.box, recognizer.status(trackId), refused);
          const live = gate?.overlay(trackId, face.box) ?? null;
          if (live === null) return base;
          if (live.label.startsWith('COME CLOSER') && !tooSmallLogged.has(trackId)) {
            tooSmallLogged.add(trackId);
            decisions.accountFor(trackId);
            log('info', `${trackId}: face too small for a liveness decision (come closer); not identified`);
          }
          return gate?.mode === 'enforce'
            ? live
            : { ...base, label: `${base.label} - ${live.label}`.slice(0, 80) };
        }),
      );
      const banners = statusBanners(options.cameraId, session.queued, session.lastError);
      await timed(stats, 'publish', () => publishFrame(frame, { faces: overlays, banners }, options, now));
      if (now >= nextReport) {
        log(
          'info',
          stats.report(
            now,
            ` | embedded ${embedded} | tracks ${tracker.active.length} | queue ${session.queued}`,
          ),
        );
        nextReport = now + options.statsIntervalMs;
      }
      readStarted = performance.now();
      if (options.signal.aborted) break;
    }
    stats.stopClock(Date.now());
    if (!options.signal.aborted) {
      recognizer.forget(recognizer.trackIds);
      decisions.ended(decisions.trackIds);
    }
    await session.finish(options.signal.aborted ? null : options.drainTimeoutMs);
  } finally {
    session.close();
  }
  log('info', stats.finalReport(Date.now(), ` | embedded ${embedded}`));
  return { ...stats.totals, stillQueued: session.queued };
}

function usableSample(face: AnalyzedFace) {
  if (!face.quality.ok || face.embedding === null) return null;
  return {
    embedding: face.embedding,
    quality: sampleQuality({ score: face.score, faceWidth: face.quality.faceWidth }),
  };
}

async function timed<T>(stats: AgentStats, stage: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    stats.stage(stage, performance.now() - started);
  }
}

function timedSync<T>(stats: AgentStats, stage: string, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    stats.stage(stage, performance.now() - started);
  }
}
