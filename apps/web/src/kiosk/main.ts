import { ApiClient, ApiError } from '../shared/api-client.js';
import { byId } from '../shared/dom.js';
import { runKiosk } from './kiosk-loop.js';

const CAMERA_ID_KEY = 'attendance.kiosk.camera_id';
const api = new ApiClient();

/** Kiosk entry: sign in once with an edge key (kept server-side), then run the camera loop. */
async function start(): Promise<void> {
  const session = await api.loadSession();
  const cameraId = localStorage.getItem(CAMERA_ID_KEY);
  if (!session || !api.hasScope('edge') || !cameraId) {
    showSetup();
    return;
  }
  byId('setup').hidden = true;
  byId('kiosk').hidden = false;
  byId('kiosk-camera').textContent = cameraId;
  await runKiosk(api, cameraId);
}

function showSetup(): void {
  byId('setup').hidden = false;
  const form = byId<HTMLFormElement>('setup-form');
  const error = byId('setup-error');
  form.onsubmit = (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const key = field('api_key');
    const cameraId = field('camera_id');
    api.login(key).then(
      () => {
        if (!api.hasScope('edge')) {
          error.textContent = 'This key lacks the edge scope.';
          return;
        }
        localStorage.setItem(CAMERA_ID_KEY, cameraId);
        void start();
      },
      (failure: unknown) => {
        error.textContent = failure instanceof ApiError ? failure.message : 'Sign-in failed';
      },
    );
  };
}

start().catch((failure: unknown) => {
  byId('feedback-title').textContent = 'Kiosk stopped';
  byId('feedback-detail').textContent = failure instanceof Error ? failure.message : String(failure);
  byId('feedback').className = 'feedback bad';
});
