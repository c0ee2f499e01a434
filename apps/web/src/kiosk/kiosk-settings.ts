import { LIVENESS_MODES, type LivenessMode } from '@attendance/protocol';

const KEYS = {
  cameraId: 'attendance.kiosk.camera_id',
  liveness: 'attendance.kiosk.liveness',
  challenge: 'attendance.kiosk.challenge',
} as const;

/** This kiosk's settings, kept in the browser (the key itself stays in the server-side session). */
export interface KioskSettings {
  cameraId: string;
  /** Passive anti-spoofing: default `enforce`. */
  liveness: LivenessMode;
  /** Active head-turn challenge: default on. */
  challenge: boolean;
}

const isMode = (value: string | null): value is LivenessMode =>
  value !== null && (LIVENESS_MODES as readonly string[]).includes(value);

export function loadKioskSettings(): KioskSettings | null {
  const cameraId = localStorage.getItem(KEYS.cameraId);
  if (!cameraId) return null;
  const liveness = localStorage.getItem(KEYS.liveness);
  return {
    cameraId,
    liveness: isMode(liveness) ? liveness : 'enforce',
    challenge: localStorage.getItem(KEYS.challenge) !== 'off',
  };
}

export function saveKioskSettings(settings: KioskSettings): void {
  localStorage.setItem(KEYS.cameraId, settings.cameraId);
  localStorage.setItem(KEYS.liveness, settings.liveness);
  localStorage.setItem(KEYS.challenge, settings.challenge ? 'on' : 'off');
}

export function parseLivenessMode(value: string): LivenessMode {
  return isMode(value) ? value : 'enforce';
}
