import { cosineSimilarity } from '@attendance/protocol';
import type { FacePipeline } from '@attendance/vision';
import { encodeJpeg } from '@attendance/vision/node';
import { qualityText } from '../camera/face-label.js';
import { EdgeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { LivePublisher } from '../live/live-publisher.js';
import type { MjpegPreviewServer } from '../live/mjpeg-preview.server.js';
import { annotateFrame, type FaceOverlay } from '../render/frame-annotator.js';
import type { RgbFrame } from '../render/rgb-raster.js';
import type { EnrollmentChallenge } from './enrollment-challenge.js';

export interface CaptureOptions {
  readonly pipeline: FacePipeline;
  readonly frames: AsyncIterable<RgbFrame>;
  readonly samples: number;
  /** Minimum time between two samples, so they differ (small pose changes). */
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** A sample below this cosine to the first one means someone else stepped in: start over. */
  readonly samePersonSimilarity: number;
  /** Head-turn challenge to pass before any sample is taken; null with `--no-challenge`. */
  readonly challenge: EnrollmentChallenge | null;
  readonly live: LivePublisher | null;
  readonly preview: MjpegPreviewServer | null;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/**
 * Captures `samples` embeddings of one person from a camera: a frame counts only when exactly one face
 * is visible and it passes the quality checks. Shows the live view with guidance while capturing.
 */
export async function captureEnrollmentSamples(options: CaptureOptions): Promise<Float32Array[]> {
  const samples: Float32Array[] = [];
  const started = Date.now();
  let lastSampleAt = 0;
  for await (const frame of options.frames) {
    const now = Date.now();
    if (now - started > options.timeoutMs) break;
    const faces = await options.pipeline.analyze(frame, { embed: 'passing' });
    const overlays: FaceOverlay[] = [];
    const challenge = options.challenge;
    if (challenge && !challenge.passed) {
      const banner = challenge.observe(faces, now);
      for (const face of faces) overlays.push({ box: face.box, color: 'yellow', label: 'LIVENESS CHECK' });
      await show(frame, overlays, banner, options, now);
      if (options.signal.aborted) break;
      continue;
    }
    let banner = `HOLD STILL, TURN SLIGHTLY - ${samples.length}/${options.samples}`;
    const only = faces.length === 1 ? faces[0] : undefined;
    if (faces.length === 0) banner = 'NO FACE - STEP IN FRONT OF THE CAMERA';
    else if (faces.length > 1) {
      banner = 'ONLY ONE PERSON PLEASE';
      for (const face of faces) overlays.push({ box: face.box, color: 'yellow', label: 'ONE AT A TIME' });
    } else if (only && (!only.quality.ok || only.embedding === null)) {
      overlays.push({ box: only.box, color: 'red', label: qualityText(only.quality.reasons) });
    } else if (only?.embedding) {
      const first = samples[0] ?? challenge?.passedEmbedding;
      if (first && cosineSimilarity(first, only.embedding) < options.samePersonSimilarity) {
        options.log('warn', 'a different face appeared; starting the capture again');
        samples.length = 0;
      }
      if (now - lastSampleAt >= options.intervalMs) {
        samples.push(only.embedding);
        lastSampleAt = now;
        options.log('info', `captured sample ${samples.length}/${options.samples}`);
      }
      overlays.push({ box: only.box, color: 'green', label: `SAMPLE ${samples.length}/${options.samples}` });
    }
    await show(frame, overlays, banner, options, now);
    if (samples.length >= options.samples || options.signal.aborted) break;
  }
  if (options.signal.aborted) throw new EdgeError('failure', 'capture cancelled');
  if (options.challenge && !options.challenge.passed) {
    throw new EdgeError(
      'failure',
      `the head-turn check was not passed before the source ended or ${Math.round(options.timeoutMs / 1000)} s ` +
        'passed; nothing was enrolled (--no-challenge skips it)',
    );
  }
  if (samples.length < options.samples) {
    throw new EdgeError(
      'failure',
      `captured ${samples.length}/${options.samples} samples before the source ended or ` +
        `${Math.round(options.timeoutMs / 1000)} s passed; nothing was enrolled`,
    );
  }
  return samples;
}

async function show(
  frame: RgbFrame,
  overlays: FaceOverlay[],
  banner: string,
  options: CaptureOptions,
  now: number,
): Promise<void> {
  annotateFrame(frame, overlays, [{ text: banner, color: 'white' }]);
  if (options.live?.wantsFrame(now) || options.preview?.hasViewers) {
    const jpeg = await encodeJpeg(frame, 80);
    options.live?.publish(jpeg, now);
    options.preview?.push(jpeg);
  }
}
