import { readFileSync } from 'node:fs';
import os from 'node:os';
import { DevicePairedSchema, ErrorBodySchema } from '@attendance/protocol';
import { writeDeviceCredential } from '../config/device-credential.js';
import { EdgeError, EXIT_CODES } from '../errors.js';
import { parseCommand, type Command } from './command.js';

const USAGE = `Usage: attendance pair CODE [--server URL] [--name NAME]

Exchanges a pairing code (made by an admin in the dashboard's Devices page or with POST /v1/pairing-codes)
for this device's own credential, and stores it with the server URL and the camera id the code was made
for in $XDG_CONFIG_HOME/smart-attendance/device.json (~/.config/…, mode 0600). From then on
\`attendance camera\` uses them when API_KEY, CAMERA_ID and SERVER_URL are not set. The credential can only
identify and publish for that one camera; an admin revokes it on the Devices page.`;

const OPTIONS = { name: { type: 'string' } } as const;

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** "Raspberry Pi 5 Model B Rev 1.0" where the board says so, else the platform. */
function hardwareModel(): string {
  try {
    return readFileSync('/proc/device-tree/model', 'utf8').replace(/\0/g, '').trim().slice(0, 100);
  } catch {
    return `${os.platform()} ${os.arch()}`;
  }
}

/** `attendance pair CODE`: pairs this device with the server (no API key needed: the code is the proof). */
export const pairCommand: Command = {
  name: 'pair',
  summary: 'pair this device with the server using a code from the dashboard (stores its own credential)',
  async run(argv, context) {
    const parsed = parseCommand(argv, { options: OPTIONS, usage: USAGE, allowPositionals: true }, context);
    if (parsed === null) return EXIT_CODES.ok;
    const [code, ...extra] = parsed.positionals;
    if (code === undefined || extra.length > 0) throw new EdgeError('usage', USAGE);
    const serverUrl = parsed.config.serverUrl;
    let response: Response;
    try {
      response = await fetch(`${serverUrl}/v1/devices/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          code,
          name: (parsed.values.name ?? os.hostname()).slice(0, 100) || 'edge device',
          model: hardwareModel(),
          version: VERSION,
        }),
        signal: AbortSignal.timeout(parsed.config.requestTimeoutMs),
      });
    } catch (error) {
      throw new EdgeError('network', `cannot reach ${serverUrl}: ${(error as Error).message}`);
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const body = ErrorBodySchema.safeParse(json);
      const reason = body.success ? body.data.error.message : `HTTP ${response.status}`;
      throw new EdgeError('failure', `pairing refused: ${reason}`);
    }
    const paired = DevicePairedSchema.parse(json);
    const file = writeDeviceCredential(parsed.env, {
      server_url: serverUrl,
      camera_id: paired.camera_id,
      device_id: paired.device_id,
      credential: paired.credential,
    });
    context.log(
      'info',
      `paired as device ${paired.device_id} for camera "${paired.camera_id}"; stored in ${file}`,
    );
    return EXIT_CODES.ok;
  },
};
