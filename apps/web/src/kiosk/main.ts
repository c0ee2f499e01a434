import { t, translateTree } from '../i18n/i18n.js';
import { languageSwitcher } from '../i18n/language-switcher.js';
import { ApiClient, ApiError } from '../shared/api-client.js';
import { ModelsUnavailableError } from '../shared/browser-pipeline.js';
import { byId } from '../shared/dom.js';
import {
  forgetDeviceCredential,
  pairKiosk,
  PairingError,
  storedDeviceCredential,
} from './device-credential.js';
import { runKiosk } from './kiosk-loop.js';
import { loadKioskSettings, parseLivenessMode, saveKioskSettings } from './kiosk-settings.js';

const api = new ApiClient();
translateTree(document.body);
byId('kiosk-language').append(languageSwitcher());

/**
 * Kiosk entry: a paired kiosk signs in with its stored device credential by itself (after a reload, a
 * server restart or the end of a session); otherwise the setup screen asks for a pairing code or an edge
 * key. Then the camera loop runs.
 */
async function start(): Promise<void> {
  await api.loadSession();
  const device = storedDeviceCredential();
  if (device && !api.hasScope('edge')) {
    try {
      await api.login(device.credential);
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.status === 401)) throw failure;
      // Revoked by an admin: this kiosk must be paired again.
      forgetDeviceCredential();
      showSetup(t('kiosk.deviceRevoked'));
      return;
    }
  }
  const settings = loadKioskSettings();
  if (!api.hasScope('edge') || !settings) {
    showSetup();
    return;
  }
  byId('setup').hidden = true;
  byId('kiosk').hidden = false;
  byId('kiosk-camera').textContent = settings.cameraId;
  await runKiosk(api, settings);
}

function showSetup(problem = ''): void {
  byId('setup').hidden = false;
  byId('setup').prepend(languageSwitcher());
  const error = byId('setup-error');
  error.textContent = problem;
  const text = (form: HTMLFormElement, name: string) => {
    const value = new FormData(form).get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const options = () => ({
    liveness: parseLivenessMode(
      byId('kiosk-options').querySelector<HTMLSelectElement>('select[name=liveness]')?.value ?? '',
    ),
    challenge:
      byId('kiosk-options').querySelector<HTMLInputElement>('input[name=challenge]')?.checked ?? true,
  });

  const pairForm = byId<HTMLFormElement>('pair-form');
  pairForm.onsubmit = (event) => {
    event.preventDefault();
    error.textContent = '';
    pairKiosk(text(pairForm, 'code')).then(
      (paired) => {
        saveKioskSettings({ cameraId: paired.camera_id, ...options() });
        startShowingErrors();
      },
      (failure: unknown) => {
        const reason = failure instanceof PairingError ? failure.reason : 'unreachable';
        error.textContent = t(`kiosk.pairFailed.${reason}`);
      },
    );
  };

  const keyForm = byId<HTMLFormElement>('setup-form');
  keyForm.onsubmit = (event) => {
    event.preventDefault();
    error.textContent = '';
    const settings = { cameraId: text(keyForm, 'camera_id'), ...options() };
    api.login(text(keyForm, 'api_key')).then(
      () => {
        if (!api.hasScope('edge')) {
          error.textContent = t('kiosk.noEdgeScope');
          return;
        }
        // A key replaces a pairing: the kiosk no longer signs in as that device.
        forgetDeviceCredential();
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
