import { z } from 'zod';
import { CameraIdSchema } from './recognition.js';

/** Letters and digits a person reads off a screen without mixing them up (no 0/O, 1/I/L, U). */
export const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** `XXXX-XXXX` as shown; typed in any case, with or without the dash or spaces. */
export const PairingCodeSchema = z
  .string()
  .max(20)
  .transform((code) => code.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${PAIRING_ALPHABET}]{8}$`), 'a code like ABCD-2345'));

export const PairingCodeCreateSchema = z.strictObject({
  camera_id: CameraIdSchema.describe('The camera the paired device will serve'),
  ttl_minutes: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(10)
    .describe('How long the code stays valid (1–60 minutes)'),
});
export type PairingCodeCreate = z.infer<typeof PairingCodeCreateSchema>;

export const PendingPairingCodeSchema = z.object({
  id: z.uuid(),
  camera_id: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});
/** Created: the only time the code itself is shown. */
export const PairingCodeCreatedSchema = PendingPairingCodeSchema.extend({ code: z.string() });
export type PairingCodeCreated = z.infer<typeof PairingCodeCreatedSchema>;
/** Codes still waiting to be used (never the code itself). */
export const PairingCodeListSchema = z.object({ items: z.array(PendingPairingCodeSchema) });

const DeviceLabel = z.string().trim().min(1).max(100);

/** A camera agent or kiosk exchanges a pairing code for its own credential. */
export const DevicePairSchema = z.strictObject({
  code: PairingCodeSchema.describe('The pairing code an admin created, e.g. ABCD-2345'),
  name: DeviceLabel.optional().describe('A name for the device'),
  model: DeviceLabel.optional().describe('Hardware or platform, e.g. "Raspberry Pi 5" or the browser'),
  version: DeviceLabel.optional().describe('Software version of the agent or kiosk'),
});
export type DevicePair = z.infer<typeof DevicePairSchema>;

/** The answer to a pairing: the credential is shown this once; send it as `X-API-Key`. */
export const DevicePairedSchema = z.object({
  device_id: z.uuid(),
  camera_id: z.string(),
  credential: z.string(),
});
export type DevicePaired = z.infer<typeof DevicePairedSchema>;

export const DeviceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  camera_id: z.string(),
  model: z.string().nullable(),
  version: z.string().nullable(),
  created_at: z.string(),
  last_seen_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type Device = z.infer<typeof DeviceSchema>;
export const DeviceListSchema = z.object({ items: z.array(DeviceSchema) });
