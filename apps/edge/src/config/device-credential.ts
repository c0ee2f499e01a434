/**
 * @module The credential `attendance pair` stores: a paired device's own key, the server and the camera
 * it may act for, in `$XDG_CONFIG_HOME/smart-attendance/device.json` (mode 0600).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const StoredCredentialSchema = z.object({
  server_url: z.string().url(),
  camera_id: z.string().min(1),
  device_id: z.string().min(1),
  credential: z.string().min(8),
});
export type StoredCredential = z.infer<typeof StoredCredentialSchema>;

type Env = Readonly<Record<string, string | undefined>>;

export function deviceCredentialFile(env: Env): string {
  const configHome = env['XDG_CONFIG_HOME'] || path.join(env['HOME'] || os.homedir(), '.config');
  return path.join(configHome, 'smart-attendance', 'device.json');
}

export function writeDeviceCredential(env: Env, credential: StoredCredential): string {
  const file = deviceCredentialFile(env);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(credential, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode on rewrite
  return file;
}

/** The stored credential, or null when there is none or it cannot be read. */
export function readDeviceCredential(env: Env): StoredCredential | null {
  const file = deviceCredentialFile(env);
  if (!existsSync(file)) return null;
  try {
    const parsed = StoredCredentialSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The stored credential as the lowest layer of the environment: `API_KEY`, `CAMERA_ID` and `SERVER_URL`
 * apply only where neither the `.env` file nor the real environment sets them (nor SERVER_IP/SERVER_PORT).
 */
export function deviceCredentialLayer(env: Env): Record<string, string> {
  const stored = readDeviceCredential(env);
  if (!stored) return {};
  const serverSet = ['SERVER_URL', 'SERVER_IP', 'SERVER_PORT'].some((name) => env[name]);
  return {
    API_KEY: stored.credential,
    CAMERA_ID: stored.camera_id,
    ...(serverSet ? {} : { SERVER_URL: stored.server_url }),
  };
}
