import { DevicePairedSchema, ErrorBodySchema, type DevicePaired } from '@attendance/protocol';

const STORAGE_KEY = 'attendance.kiosk.device';

/** Why a pairing failed, for the setup screen: the code (wrong, used, expired), too many tries, or the network. */
export class PairingError extends Error {
  constructor(
    readonly reason: 'wrong_code' | 'bad_format' | 'throttled' | 'unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'PairingError';
  }
}

/** The device credential this kiosk was paired with: kept in the browser so reloads and restarts of either side need no new pairing. */
export function storedDeviceCredential(): DevicePaired | null {
  const raw = localStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    return DevicePairedSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function forgetDeviceCredential(): void {
  localStorage.removeItem(STORAGE_KEY);
}

/**
 * Exchanges a pairing code for this kiosk's own credential (`POST /v1/devices/pair`) and stores it. Sent
 * without cookies: the code is the only credential, whatever session this browser may hold.
 */
export async function pairKiosk(code: string): Promise<DevicePaired> {
  let response: Response;
  try {
    response = await fetch('/v1/devices/pair', {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name: 'Browser kiosk', model: browserName() }),
    });
  } catch (failure) {
    throw new PairingError('unreachable', String(failure));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = ErrorBodySchema.safeParse(body).data?.error.message ?? `HTTP ${response.status}`;
    const reason =
      response.status === 429
        ? 'throttled'
        : response.status === 400
          ? 'bad_format'
          : response.status === 401
            ? 'wrong_code'
            : 'unreachable';
    throw new PairingError(reason, message);
  }
  const paired = DevicePairedSchema.parse(body);
  localStorage.setItem(STORAGE_KEY, JSON.stringify(paired));
  return paired;
}

/** "Chromium 131 (Linux x86_64)": what the devices page lists as the model. */
function browserName(): string {
  const brand = /(Edg|OPR|Chrome|Chromium|Firefox|Version)\/(\d+)/.exec(navigator.userAgent);
  const name = brand ? `${brand[1] === 'Version' ? 'Safari' : brand[1]} ${brand[2]}` : 'Browser';
  return `${name} (${navigator.platform || 'unknown'})`.slice(0, 100);
}
