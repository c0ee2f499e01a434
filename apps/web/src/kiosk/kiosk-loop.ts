import { encodeEmbedding, type IdentifyResponse } from '@attendance/protocol';
import type { AnalyzedFace } from '@attendance/vision';
import type { ApiClient } from '../shared/api-client.js';
import { browserPipeline, QUALITY_HINTS, toRgbImage } from '../shared/browser-pipeline.js';
import { byId } from '../shared/dom.js';
import { drawFaces } from './face-overlay.js';
import { Feedback } from './feedback.js';
import { KioskPublisher } from './kiosk-publisher.js';

/** At most one identify request per this many ms; a shown result stays this long. */
const IDENTIFY_INTERVAL_MS = 1500;
const RESULT_HOLD_MS = 3000;
const ANALYSIS_MAX_SIDE = 640;

const largest = (faces: AnalyzedFace[]) =>
  faces.slice().sort((a, b) => b.box[2] - b.box[0] - (a.box[2] - a.box[0]))[0];

/** Camera → face pipeline (in the browser) → `/v1/identify` → big green/red feedback, forever. */
export async function runKiosk(api: ApiClient, cameraId: string): Promise<void> {
  const feedback = new Feedback();
  const video = byId<HTMLVideoElement>('camera');
  const overlay = byId<HTMLCanvasElement>('overlay');
  const state = byId('kiosk-state');
  feedback.show('idle', 'Starting camera…', '');
  video.srcObject = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' },
    audio: false,
  });
  await video.play();
  feedback.show('idle', 'Loading face models…', '');
  const pipeline = await browserPipeline();
  state.textContent = `ready · ${pipeline.modelId}`;
  feedback.show('idle', 'Look at the camera', '');

  const publisher = new KioskPublisher(cameraId);
  let lastIdentify = 0;
  let holdUntil = 0;
  for (;;) {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (width === 0 || height === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const image = toRgbImage(video, width, height, ANALYSIS_MAX_SIDE);
    const faces = await pipeline.analyze(image, { embed: 'passing' });
    drawFaces(overlay, faces, image.width, image.height);
    publisher.offer(video, faces, image.width, image.height);
    const now = Date.now();
    if (now < holdUntil) continue;
    const face = largest(faces);
    if (!face) feedback.show('idle', 'Look at the camera', '');
    else if (!face.embedding) {
      feedback.show('hint', face.quality.reasons.map((r) => QUALITY_HINTS[r] ?? r).join(' · '), '');
    } else if (now - lastIdentify >= IDENTIFY_INTERVAL_MS) {
      lastIdentify = now;
      try {
        const answer = await api.post<IdentifyResponse>('/v1/identify', {
          camera_id: cameraId,
          model: pipeline.modelId,
          faces: [{ embedding: encodeEmbedding(face.embedding, 'float32') }],
        });
        const result = answer.results[0];
        if (result?.person && (result.status === 'recorded' || result.status === 'already_recorded')) {
          feedback.show(
            'ok',
            result.person.name,
            result.status === 'recorded' ? 'Attendance recorded' : 'Already checked in',
          );
        } else feedback.show('bad', 'Not recognised', 'Please see the front desk');
      } catch (error) {
        feedback.show('bad', 'Server unavailable', error instanceof Error ? error.message : String(error));
      }
      holdUntil = Date.now() + RESULT_HOLD_MS;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
