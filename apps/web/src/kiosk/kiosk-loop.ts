import { encodeEmbedding, type SpoofReason } from '@attendance/protocol';
import {
  DEFAULT_HEAD_TURN,
  randomTurnDirection,
  type AnalyzedFace,
  type FacePipeline,
  type PassiveLiveness,
} from '@attendance/vision';
import { localize, t } from '../i18n/i18n.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import {
  browserConfig,
  browserLiveness,
  browserPipeline,
  VideoFrameGrabber,
} from '../shared/browser-pipeline.js';
import { byId } from '../shared/dom.js';
import { drawFaces, type BoxColor } from './face-overlay.js';
import { FaceTrack } from './face-track.js';
import { Feedback } from './feedback.js';
import { IdentifySender } from './identify-sender.js';
import { KioskPublisher } from './kiosk-publisher.js';
import type { KioskSettings } from './kiosk-settings.js';
import { LoopStats } from './loop-stats.js';
import { KioskQueue } from './offline-queue.js';
import { VisitorCheck, type VisitorStep } from './visitor-check.js';
import { keepScreenOn } from './wake-lock.js';

/** A shown result (recognised, refused) stays this long before the next visitor check starts. */
const RESULT_HOLD_MS = 3000;
const ANALYSIS_MAX_SIDE = 640;
/** The kiosk gives people a little longer than the library default to read and turn. */
const CHALLENGE_TIMEOUT_MS = 10_000;

const largest = (faces: AnalyzedFace[]) =>
  faces.slice().sort((a, b) => b.box[2] - b.box[0] - (a.box[2] - a.box[0]))[0];

interface Visitor {
  trackId: string;
  check: VisitorCheck;
}

/**
 * Camera → face pipeline (in the browser) → liveness (passive score + head-turn challenge) →
 * `/v1/identify` with the evidence → big green/red feedback, forever. Green only after every enabled
 * liveness check passed and the server recorded the person.
 */
export async function runKiosk(api: ApiClient, settings: KioskSettings): Promise<void> {
  const feedback = new Feedback();
  const video = byId<HTMLVideoElement>('camera');
  const overlay = byId<HTMLCanvasElement>('overlay');
  const state = byId('kiosk-state');
  const sender = await startSender(api);
  keepScreenOn(byId('kiosk'));
  // Missing model files on the server are reported at once, before the camera and the long model load.
  feedback.show('idle', t('kiosk.checkingModels'), '');
  await browserConfig();
  feedback.show('idle', t('kiosk.startingCamera'), '');
  video.srcObject = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' },
    audio: false,
  });
  await video.play();
  feedback.show('idle', t('kiosk.loadingModels'), '');
  const pipeline = await browserPipeline();
  const liveness = settings.liveness === 'off' ? null : await browserLiveness();
  localize(state, settings.challenge ? 'kiosk.stateReadyTurn' : 'kiosk.stateReady', {
    model: pipeline.modelId,
    liveness: settings.liveness,
  });
  feedback.show('idle', t('kiosk.lookAtCamera'), '');

  const frames = new VideoFrameGrabber(ANALYSIS_MAX_SIDE);
  const publisher = new KioskPublisher(settings.cameraId);
  const track = new FaceTrack();
  let visitor = null as Visitor | null;
  let holdUntil = 0;
  let boxColor: BoxColor = 'amber';
  const stats = new LoopStats();
  const showStats = everySecond(() => showLoopStats(stats));
  for (;;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (width === 0 || height === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const grabStart = performance.now();
    const image = frames.grab(video);
    const capturedAt = new Date().toISOString();
    const analyzeStart = performance.now();
    stats.add('grab', analyzeStart - grabStart);
    const faces = await pipeline.analyze(image, { embed: 'passing' });
    const now = performance.now();
    stats.add('analyze', now - analyzeStart);
    stats.endFrame(now);
    showStats(now);
    const face = largest(faces);
    const trackId = track.update(face?.box ?? null, now);
    if (now < holdUntil) {
      drawFaces(overlay, faces, image.width, image.height, boxColor);
      publisher.offer(video, faces, image.width, image.height);
      continue;
    }
    if (!face || trackId === null) {
      visitor = null;
      boxColor = 'amber';
      feedback.show('idle', t('kiosk.lookAtCamera'), '');
    } else {
      if (visitor?.trackId !== trackId) {
        visitor = { trackId, check: newCheck(settings, pipeline, liveness) };
      }
      const livenessStart = performance.now();
      const passive = liveness ? await liveness.check(image, face) : null;
      stats.add('liveness', performance.now() - livenessStart);
      const step = visitor.check.observe({
        timeMs: now,
        trackId,
        landmarks: face.landmarks,
        embedding: face.embedding,
        passive,
      });
      if (step.kind === 'hint' && !face.embedding && !step.turning) {
        const hints = face.quality.reasons.map((reason) => t(`quality.${reason}`, { defaultValue: reason }));
        feedback.show('hint', hints.join(' · '), step.title);
      } else if (step.kind === 'hint') {
        feedback.show('hint', step.title, step.detail);
      }
      boxColor = step.kind === 'refuse' ? 'red' : 'amber';
      if (step.kind !== 'hint') {
        boxColor = await settle(step, { sender, settings, pipeline, feedback, capturedAt, visitor: trackId });
        holdUntil = performance.now() + RESULT_HOLD_MS;
        visitor = null;
      }
    }
    drawFaces(overlay, faces, image.width, image.height, boxColor);
    publisher.offer(video, faces, image.width, image.height);
  }
}

/** Calls `show` at most once per second of the loop's clock. */
function everySecond(show: () => void): (nowMs: number) => void {
  let shownAt = -Infinity;
  return (nowMs) => {
    if (nowMs - shownAt < 1000) return;
    shownAt = nowMs;
    show();
  };
}

/** The footer's speed line; its data attributes are what the kiosk benchmark reads. */
function showLoopStats(stats: LoopStats): void {
  const { fps, stageMs } = stats.snapshot();
  const element = byId('kiosk-fps');
  element.dataset.fps = fps.toFixed(2);
  element.dataset.grabMs = stageMs.grab.toFixed(2);
  element.dataset.analyzeMs = stageMs.analyze.toFixed(2);
  element.dataset.livenessMs = stageMs.liveness.toFixed(2);
  localize(element, 'kiosk.fps', { fps: fps.toFixed(1), analyzeMs: stageMs.analyze.toFixed(0) });
}

function newCheck(
  settings: KioskSettings,
  pipeline: FacePipeline,
  liveness: PassiveLiveness | null,
): VisitorCheck {
  return new VisitorCheck({
    passive: settings.liveness,
    challenge: settings.challenge,
    direction: randomTurnDirection(),
    threshold: liveness?.threshold ?? 0.5,
    identityThreshold: pipeline.defaultThreshold,
    timeoutMs: CHALLENGE_TIMEOUT_MS,
    yawThreshold: DEFAULT_HEAD_TURN.yawThreshold,
    checkedBy: liveness ? liveness.modelNames.join('+').slice(0, 64) : 'none',
  });
}

/** The sender over this browser's queue; the footer shows how many check-ins wait to sync. */
async function startSender(api: ApiClient): Promise<IdentifySender> {
  const pending = byId('kiosk-queue');
  const sender = new IdentifySender(api, await KioskQueue.open(), (count) => {
    pending.hidden = count === 0;
    pending.dataset.pending = String(count);
    localize(pending, 'kiosk.pending', { count });
  });
  await sender.start();
  return sender;
}

interface SettleContext {
  sender: IdentifySender;
  settings: KioskSettings;
  pipeline: FacePipeline;
  feedback: Feedback;
  /** When the frame the step was decided on was grabbed: the attendance time, even when replayed later. */
  capturedAt: string;
  /** The face track the step is for. */
  visitor: string;
}

/** Carries out a final step: refuse (and report), or identify with the evidence. Returns the box colour. */
async function settle(
  step: Exclude<VisitorStep, { kind: 'hint' }>,
  { sender, settings, pipeline, feedback, capturedAt, visitor }: SettleContext,
): Promise<BoxColor> {
  if (step.spoof) void reportSpoof(sender, settings, step.spoof, capturedAt);
  if (step.kind === 'refuse') {
    feedback.show('bad', step.title, step.detail);
    return 'red';
  }
  const key = `kiosk-${crypto.randomUUID()}`;
  try {
    const outcome = await sender.identify(
      {
        kind: 'identify',
        key,
        enqueuedAt: new Date().toISOString(),
        request: {
          camera_id: settings.cameraId,
          model: pipeline.modelId,
          idempotency_key: key,
          captured_at: capturedAt,
          faces: [
            {
              embedding: encodeEmbedding(step.embedding, 'float32'),
              ...(step.evidence ? { liveness: step.evidence } : {}),
            },
          ],
        },
      },
      visitor,
    );
    if (outcome.kind === 'queued') {
      feedback.show('saved', t('kiosk.savedWillSync'), t('kiosk.savedDetail'));
      return 'amber';
    }
    const result = outcome.response.results[0];
    if (result?.person && (result.status === 'recorded' || result.status === 'already_recorded')) {
      feedback.show(
        'ok',
        result.person.name,
        t(result.status === 'recorded' ? 'kiosk.recorded' : 'kiosk.alreadyRecorded'),
      );
      return 'green';
    }
    feedback.show('bad', t('kiosk.notRecognised'), t('kiosk.seeFrontDesk'));
  } catch (error) {
    const refused =
      error instanceof ApiError && (error.code === 'spoof_detected' || error.code === 'liveness_required');
    feedback.show(
      'bad',
      t(refused ? 'kiosk.livenessFailed' : 'kiosk.serverUnavailable'),
      error instanceof Error ? error.message : String(error),
    );
  }
  return 'red';
}

/** The spoof attempt (camera, time, score, reason; never an image) for the dashboard, queued like a check-in. */
async function reportSpoof(
  sender: IdentifySender,
  settings: KioskSettings,
  spoof: { reason: SpoofReason; score: number },
  capturedAt: string,
): Promise<void> {
  const key = `kiosk-${crypto.randomUUID()}`;
  try {
    await sender.reportSpoof({
      kind: 'spoof',
      key,
      enqueuedAt: new Date().toISOString(),
      request: {
        camera_id: settings.cameraId,
        score: Math.min(1, Math.max(0, spoof.score)),
        reason: spoof.reason,
        mode: settings.liveness === 'enforce' ? 'enforce' : 'warn',
        idempotency_key: key,
        captured_at: capturedAt,
      },
    });
  } catch (error) {
    console.warn('spoof event refused', error);
  }
}
