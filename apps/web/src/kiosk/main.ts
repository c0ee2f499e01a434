import { ApiClient, ApiError } from '../shared/api-client.js';
import { ModelsUnavailableError } from '../shared/browser-pipeline.js';
import { byId } from '../shared/dom.js';
import { runKiosk } from './kiosk-loop.js';
import { loadKioskSettings, parseLivenessMode, saveKioskSettings } from './kiosk-settings.js';

const api = new ApiClient();

/** Kiosk entry: sign in once with an edge key (kept server-side), then run the camera loop. */
async function start(): Promise<void> {
  const session = await api.loadSession();
  const settings = loadKioskSettings();
  if (!session || !api.hasScope('edge') || !settings) {
    showSetup();
    return;
  }
  byId('setup').hidden = true;
  byId('kiosk').hidden = false;
  byId('kiosk-camera').textContent = settings.cameraId;
  await runKiosk(api, settings);
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
    const settings = {
      cameraId: field('camera_id'),
      liveness: parseLivenessMode(field('liveness')),
      challenge: data.get('challenge') === 'on',
    };
    api.login(key).then(
      () => {
        if (!api.hasScope('edge')) {
          error.textContent = 'This key lacks the edge scope.';
          return;
        }
        saveKioskSettings(settings);
        startShowingErrors();
      },
      (failure: unknown) => {
        error.textContent = failure instanceof ApiError ? failure.message : 'Sign-in failed';
      },
    );
  };
}

/** Runs the kiosk; whatever stops it (missing models, no camera) is shown on screen, never a silent spinner. */
function startShowingErrors(): void {
  start().catch((failure: unknown) => {
    byId('feedback-title').textContent =
      failure instanceof ModelsUnavailableError ? 'Face models unavailable' : 'Kiosk stopped';
    byId('kiosk-state').textContent = 'stopped';
    byId('feedback-detail').textContent = failure instanceof Error ? failure.message : String(failure);
    byId('feedback').className = 'feedback bad';
  });
}

startShowingErrors();
