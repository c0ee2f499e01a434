import { randomBytes } from 'node:crypto';
import {
  attachFrameOverlay,
  encodeEmbedding,
  type FrameOverlay,
  type IdentifyRequest,
} from '@attendance/protocol';
import type { AnalyzedFace, FacePipeline, PassiveLiveness, TrackLiveness } from '@attendance/vision';
import { encodeJpeg } from '@attendance/vision/node';
import type { ApiClient } from '../client/api-client.js';
import type { Logger } from '../logger.js';
import type { LivePublisher } from '../live/live-publisher.js';
import type { MjpegPreviewServer } from '../live/mjpeg-preview.server.js';
import { IdentifyDispatcher, type DispatchOutcome } from '../queue/identify-dispatcher.js';
import type { OfflineQueue } from '../queue/offline-queue.js';
import { annotateFrame, type FaceOverlay, type OverlayColor } from '../render/frame-annotator.js';
import type { RgbFrame } from '../render/rgb-raster.js';
import { EmbedScheduler } from '../tracking/embed-scheduler.js';
import { sampleQuality } from '../tracking/embedding-fusion.js';
import { IouTracker } from '../tracking/iou-tracker.js';
import { ScheduledTracking } from '../tracking/scheduled-tracking.js';
import { AgentStats, type AgentCounters } from './agent-stats.js';
import { DecisionLog } from './decision-log.js';
import { faceOverlay } from './face-label.js';
import type { TrackLivenessGate } from './track-liveness.js';
import { TrackRecognizer, type RecognitionPolicy } from './track-recognizer.js';

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
  const latest = { error: null as string | null };
  const dispatcher = new IdentifyDispatcher(
    options.client,
    options.queue,
    {
      onReplayed: (request, response) => {
        response.results.forEach((result, index) => {
          countResult(stats, result.status);
          const trackId = request.faces[index]?.track_id;
          if (trackId) recognizer.applyLateResult(trackId, result, Date.now());
          decisions.answered(trackId ?? 'unknown', result, response.threshold, true);
        });
      },
      onLog: log,
    },
    options.retryIntervalMs,
  );
  let sequence = 0;
  const recognizer = new TrackRecognizer(
    options.policy,
    (trackId, embedding) => {
      stats.count('requests');
      decisions.accountFor(trackId);
      const request: IdentifyRequest & { idempotency_key: string } = {
        camera_id: options.cameraId,
        model: pipeline.modelId,
        faces: [
          { embedding: encodeEmbedding(embedding, 'float16'), track_id: trackId, ...evidenceFor(trackId) },
        ],
        idempotency_key: `${trackId}-${++sequence}`,
        captured_at: new Date().toISOString(),
      };
      return dispatcher.submit(request);
    },
    (trackId, outcome) => {
      latest.error = reportOutcome(outcome, trackId, stats, decisions, log) ?? latest.error;
    },
  );

  const gate = options.liveness?.gate ?? null;
  const evidenceFor = (trackId: string) => {
    const liveness = gate?.evidence(trackId);
    return liveness ? { liveness } : {};
  };
  const spoofReports = new Set<Promise<void>>();
  const reportSpoof = (trackId: string, verdict: TrackLiveness) => {
    stats.count('spoofs');
    decisions.accountFor(trackId);
    const action = gate?.mode === 'enforce' ? 'not identified' : 'identified anyway (warn)';
    log(
      'warn',
      `spoof suspected on ${trackId}: liveness ${verdict.score.toFixed(2)} over ${verdict.frames} frames; ${action}`,
    );
    const report = dispatcher
      .submitSpoof({
        camera_id: options.cameraId,
        score: Math.min(1, Math.max(0, verdict.score)),
        reason: 'passive_spoof',
        mode: gate?.mode ?? 'warn',
        idempotency_key: `${trackId}-spoof`,
        captured_at: new Date().toISOString(),
      })
      .then((outcome) => {
        if (outcome.kind === 'rejected') log('error', `spoof report refused: ${outcome.reason}`);
      });
    spoofReports.add(report);
    void report.finally(() => spoofReports.delete(report));
  };
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
          if (spoof) reportSpoof(trackId, spoof);
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
      const banners = [{ text: `${options.cameraId}`, color: 'white' as const }];
      if (dispatcher.queued > 0) {
        banners.push({ text: `SERVER OFFLINE - ${dispatcher.queued} QUEUED`, color: 'white' });
      }
      if (latest.error !== null) {
        banners.push({ text: `LAST ERROR: ${latest.error}`.slice(0, 80), color: 'white' });
      }
      await timed(stats, 'publish', () => publish(frame, { faces: overlays, banners }, options, now));
      if (now >= nextReport) {
        log(
          'info',
          stats.report(
            now,
            ` | embedded ${embedded} | tracks ${tracker.active.length} | queue ${dispatcher.queued}`,
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
    await recognizer.settle();
    while (spoofReports.size > 0) await Promise.all([...spoofReports]);
    if (!options.signal.aborted && dispatcher.queued > 0) {
      log('info', `source ended; waiting up to ${options.drainTimeoutMs} ms for the offline queue`);
      await dispatcher.drain(options.drainTimeoutMs);
    }
  } finally {
    dispatcher.close();
  }
  log('info', stats.finalReport(Date.now(), ` | embedded ${embedded}`));
  return { ...stats.totals, stillQueued: dispatcher.queued };
}

function usableSample(face: AnalyzedFace) {
  if (!face.quality.ok || face.embedding === null) return null;
  return {
    embedding: face.embedding,
    quality: sampleQuality({ score: face.score, faceWidth: face.quality.faceWidth }),
  };
}

/**
 * The relay gets the clean frame with boxes and labels beside it as data (the dashboard draws them in any
 * script); the local preview gets them burnt in with the bitmap font.
 */
async function publish(
  frame: RgbFrame,
  overlay: { faces: FaceOverlay[]; banners: { text: string; color: OverlayColor | 'white' }[] },
  options: CameraAgentOptions,
  now: number,
): Promise<void> {
  if (options.live?.wantsFrame(now)) {
    const jpeg = await encodeJpeg(frame, options.jpegQuality);
    options.live.publish(attachFrameOverlay(jpeg, toFrameOverlay(frame, overlay)), now);
  }
  if (options.preview?.hasViewers) {
    annotateFrame(frame, overlay.faces, overlay.banners);
    options.preview.push(await encodeJpeg(frame, options.jpegQuality));
  }
}

function toFrameOverlay(
  frame: RgbFrame,
  overlay: { faces: FaceOverlay[]; banners: { text: string }[] },
): FrameOverlay {
  return {
    v: 1,
    width: frame.width,
    height: frame.height,
    faces: overlay.faces.slice(0, 64).map((face) => ({
      box: [...face.box],
      color: face.color,
      label: face.label.slice(0, 160),
    })),
    banners: overlay.banners.slice(0, 8).map((banner) => banner.text.slice(0, 160)),
  };
}

function reportOutcome(
  outcome: DispatchOutcome,
  trackId: string,
  stats: AgentStats,
  decisions: DecisionLog,
  log: Logger,
): string | null {
  switch (outcome.kind) {
    case 'answered':
      for (const result of outcome.response.results) {
        countResult(stats, result.status);
        decisions.answered(trackId, result, outcome.response.threshold);
      }
      return null;
    case 'queued':
      stats.count('queued');
      return null;
    case 'rejected':
      stats.count('errors');
      log('error', `identify refused for ${trackId}: ${outcome.reason}`);
      return outcome.reason;
  }
}

function countResult(stats: AgentStats, status: string): void {
  if (status === 'recorded') stats.count('recorded');
  else if (status === 'already_recorded') stats.count('alreadyRecorded');
  else stats.count('unknown');
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
