import { encodeEmbedding, type IdentifyResponse, type SpoofReason } from '@attendance/protocol';
import {
  DEFAULT_HEAD_TURN,
  randomTurnDirection,
  type AnalyzedFace,
  type FacePipeline,
  type PassiveLiveness,
} from '@attendance/vision';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import {
  browserConfig,
  browserLiveness,
  browserPipeline,
  QUALITY_HINTS,
  VideoFrameGrabber,
} from '../shared/browser-pipeline.js';
import { byId } from '../shared/dom.js';
import { drawFaces, type BoxColor } from './face-overlay.js';
import { FaceTrack } from './face-track.js';
import { Feedback } from './feedback.js';
import { KioskPublisher } from './kiosk-publisher.js';
import type { KioskSettings } from './kiosk-settings.js';
import { VisitorCheck, type VisitorStep } from './visitor-check.js';

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
  // Missing model files on the server are reported at once, before the camera and the long model load.
  feedback.show('idle', 'Checking face models…', '');
  await browserConfig();
  feedback.show('idle', 'Starting camera…', '');
  video.srcObject = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' },
    audio: false,
  });
  await video.play();
  feedback.show('idle', 'Loading face models…', '');
  const pipeline = await browserPipeline();
  const liveness = settings.liveness === 'off' ? null : await browserLiveness();
  state.textContent = `ready · ${pipeline.modelId} · liveness ${settings.liveness}${
    settings.challenge ? ' + head turn' : ''
  }`;
  feedback.show('idle', 'Look at the camera', '');

  const frames = new VideoFrameGrabber(ANALYSIS_MAX_SIDE);
  const publisher = new KioskPublisher(settings.cameraId);
  const track = new FaceTrack();
  let visitor = null as Visitor | null;
  let holdUntil = 0;
  let boxColor: BoxColor = 'amber';
  for (;;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (width === 0 || height === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const image = frames.grab(video);
    const faces = await pipeline.analyze(image, { embed: 'passing' });
    const now = performance.now();
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
      feedback.show('idle', 'Look at the camera', '');
    } else {
      if (visitor?.trackId !== trackId) {
        visitor = { trackId, check: newCheck(settings, pipeline, liveness) };
      }
      const passive = liveness ? await liveness.check(image, face) : null;
      const step = visitor.check.observe({
        timeMs: now,
        trackId,
        landmarks: face.landmarks,
        embedding: face.embedding,
        passive,
      });
      if (step.kind === 'hint' && !face.embedding && !step.title.startsWith('Turn')) {
        feedback.show('hint', face.quality.reasons.map((r) => QUALITY_HINTS[r] ?? r).join(' · '), step.title);
      } else if (step.kind === 'hint') {
        feedback.show('hint', step.title, step.detail);
      }
      boxColor = step.kind === 'refuse' ? 'red' : 'amber';
      if (step.kind !== 'hint') {
        boxColor = await settle(step, api, settings, pipeline, feedback);
        holdUntil = performance.now() + RESULT_HOLD_MS;
        visitor = null;
      }
    }
    drawFaces(overlay, faces, image.width, image.height, boxColor);
    publisher.offer(video, faces, image.width, image.height);
  }
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

/** Carries out a final step: refuse (and report), or identify with the evidence. Returns the box colour. */
async function settle(
  step: Exclude<VisitorStep, { kind: 'hint' }>,
  api: ApiClient,
  settings: KioskSettings,
  pipeline: FacePipeline,
  feedback: Feedback,
): Promise<BoxColor> {
  if (step.spoof) void reportSpoof(api, settings, step.spoof);
  if (step.kind === 'refuse') {
    feedback.show('bad', step.title, step.detail);
    return 'red';
  }
  try {
    const answer = await api.post<IdentifyResponse>('/v1/identify', {
      camera_id: settings.cameraId,
      model: pipeline.modelId,
      faces: [
        {
          embedding: encodeEmbedding(step.embedding, 'float32'),
          ...(step.evidence ? { liveness: step.evidence } : {}),
        },
      ],
    });
    const result = answer.results[0];
    if (result?.person && (result.status === 'recorded' || result.status === 'already_recorded')) {
      feedback.show(
        'ok',
        result.person.name,
        result.status === 'recorded' ? 'Attendance recorded' : 'Already checked in',
      );
      return 'green';
    }
    feedback.show('bad', 'Not recognised', 'Please see the front desk');
  } catch (error) {
    const refused =
      error instanceof ApiError && (error.code === 'spoof_detected' || error.code === 'liveness_required');
    feedback.show(
      'bad',
      refused ? 'Liveness check failed — not recorded' : 'Server unavailable',
      error instanceof Error ? error.message : String(error),
    );
  }
  return 'red';
}

/** Best effort: the spoof attempt (camera, time, score, reason; never an image) for the dashboard. */
async function reportSpoof(
  api: ApiClient,
  settings: KioskSettings,
  spoof: { reason: SpoofReason; score: number },
): Promise<void> {
  try {
    await api.post('/v1/spoof-events', {
      camera_id: settings.cameraId,
      score: Math.min(1, Math.max(0, spoof.score)),
      reason: spoof.reason,
      mode: settings.liveness === 'enforce' ? 'enforce' : 'warn',
      idempotency_key: `kiosk-${crypto.randomUUID()}`,
      captured_at: new Date().toISOString(),
    });
  } catch (error) {
    console.warn('spoof event not delivered', error);
  }
}
