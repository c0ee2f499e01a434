import { t, translateTree } from '../i18n/i18n.js';
import { languageSwitcher } from '../i18n/language-switcher.js';
import { ApiClient, ApiError } from '../shared/api-client.js';
import { ModelsUnavailableError } from '../shared/browser-pipeline.js';
import { byId } from '../shared/dom.js';
import { runKiosk } from './kiosk-loop.js';
import { loadKioskSettings, parseLivenessMode, saveKioskSettings } from './kiosk-settings.js';

const api = new ApiClient();
translateTree(document.body);
byId('kiosk-language').append(languageSwitcher());

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
  byId('setup').prepend(languageSwitcher());
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
          error.textContent = t('kiosk.noEdgeScope');
          return;
        }
        saveKioskSettings(settings);
        startShowingErrors();
      },
      (failure: unknown) => {
        error.textContent = failure instanceof ApiError ? failure.message : t('kiosk.signInFailed');
      },
    );
  };
}

/** Runs the kiosk; whatever stops it (missing models, no camera) is shown on screen, never a silent spinner. */
function startShowingErrors(): void {
  start().catch((failure: unknown) => {
    byId('feedback-title').textContent =
      failure instanceof ModelsUnavailableError ? t('kiosk.modelsUnavailable') : t('kiosk.stopped');
    byId('kiosk-state').textContent = t('kiosk.stateStopped');
    byId('feedback-detail').textContent = failure instanceof Error ? failure.message : String(failure);
    byId('feedback').className = 'feedback bad';
  });
}

startShowingErrors();
