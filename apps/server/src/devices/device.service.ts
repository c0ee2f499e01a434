import { createHash, randomInt } from 'node:crypto';
import {
  PAIRING_ALPHABET,
  type Device,
  type DevicePair,
  type DevicePaired,
  type PairingCodeCreate,
  type PairingCodeCreated,
} from '@attendance/protocol';
import type { Logger } from 'pino';
import { AttemptThrottle } from '../accounts/attempt-throttle.js';
import type { Database } from '../db/database.js';
import { isoTimestamp } from '../db/sql-values.js';
import { AppError, notFound } from '../errors.js';
import type { AuditLogRepository } from '../repositories/audit-log.repository.js';
import type { DeviceRepository } from '../repositories/device.repository.js';
import type { ApiKeyService } from '../services/api-key.service.js';

/** Wrong codes allowed per client address in 15 minutes; then pairing from there is refused unchecked. */
export const PAIRING_RULES = { ip: { maxFailures: 10, windowMs: 15 * 60_000 } };

const codeHash = (code: string) => createHash('sha256').update(code).digest('hex');
/** 8 characters of a 30-letter alphabet: 6.5·10^11 codes, of which an attacker may try 10 per 15 minutes. */
const newCode = () =>
  Array.from({ length: 8 }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)]).join('');
const shown = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export interface DeviceServiceDeps {
  db: Database;
  devices: DeviceRepository;
  apiKeys: ApiKeyService;
  audit: AuditLogRepository;
  logger: Logger;
  now?: () => Date;
}

/**
 * Pairing codes and the devices they create. An admin makes a short code for one camera; the device
 * exchanges it once, before it expires, for its own credential (an edge key bound to that camera).
 */
export class DeviceService {
  readonly #throttle: AttemptThrottle;

  private readonly now: () => Date;

  constructor(private readonly deps: DeviceServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.#throttle = new AttemptThrottle(PAIRING_RULES, () => this.now().getTime());
  }

  async createCode(input: PairingCodeCreate, actorId: string | null): Promise<PairingCodeCreated> {
    const code = newCode();
    const expiresAt = new Date(this.now().getTime() + input.ttl_minutes * 60_000);
    const row = await this.deps.db.transaction(async (tx) => {
      const inserted = await this.deps.devices.insertCode(tx, {
        codeHash: codeHash(code),
        cameraId: input.camera_id,
        expiresAt,
      });
      await this.deps.audit.append(tx, {
        action: 'pairing_code.created',
        actorKeyId: actorId,
        subjectId: inserted.id,
        counts: {},
      });
      return inserted;
    });
    return {
      id: row.id,
      code: shown(code),
      camera_id: input.camera_id,
      created_at: isoTimestamp(row.created_at),
      expires_at: expiresAt.toISOString(),
    };
  }

  async pendingCodes() {
    const rows = await this.deps.devices.pendingCodes(this.deps.db, this.now());
    return rows.map((row) => ({
      id: row.id,
      camera_id: row.camera_id,
      created_at: isoTimestamp(row.created_at),
      expires_at: isoTimestamp(row.expires_at),
    }));
  }

  /** Exchanges a code for a credential; unknown, used and expired codes get one answer (401). */
  async pair(input: DevicePair, ip: string): Promise<DevicePaired> {
    const keys = [`ip:${ip}`];
    const wait = this.#throttle.retryAfterMs(keys);
    if (wait > 0) {
      this.deps.logger.warn({ ip }, 'pairing refused: too many wrong codes from this address');
      throw new AppError(
        'rate_limited',
        `too many wrong pairing codes; retry in ${Math.ceil(wait / 1000)} s`,
      );
    }
    const paired = await this.deps.db.transaction(async (tx) => {
      const claimed = await this.deps.devices.claimCode(tx, codeHash(input.code), this.now());
      if (!claimed) return null;
      const name = input.name ?? `${claimed.camera_id} device`;
      const credential = await this.deps.apiKeys.createDeviceKey(tx, `device: ${name}`, claimed.camera_id);
      const deviceId = await this.deps.devices.insertDevice(tx, {
        name,
        cameraId: claimed.camera_id,
        apiKeyId: credential.id,
        model: input.model ?? null,
        version: input.version ?? null,
      });
      await this.deps.devices.linkCode(tx, claimed.id, deviceId);
      await this.deps.audit.append(tx, {
        action: 'device.paired',
        actorKeyId: null,
        subjectId: deviceId,
        counts: {},
      });
      return { device_id: deviceId, camera_id: claimed.camera_id, credential: credential.key };
    });
    if (!paired) {
      this.#throttle.fail(keys);
      this.deps.logger.warn({ ip }, 'pairing failed: unknown, used or expired code');
      throw new AppError('unauthorized', 'unknown, used or expired pairing code');
    }
    this.deps.logger.info({ deviceId: paired.device_id, cameraId: paired.camera_id }, 'device paired');
    return paired;
  }

  list(): Promise<Device[]> {
    return this.deps.devices.list(this.deps.db);
  }

  /** Revokes the device and its credential at once (idempotent). */
  async revoke(id: string, actorId: string | null): Promise<Device> {
    const found = await this.deps.devices.find(this.deps.db, id);
    if (!found) throw notFound('device');
    await this.deps.db.transaction(async (tx) => {
      await this.deps.devices.markRevoked(tx, id);
      await this.deps.audit.append(tx, {
        action: 'device.revoked',
        actorKeyId: actorId,
        subjectId: id,
        counts: {},
      });
    });
    await this.deps.apiKeys.revoke(found.apiKeyId, actorId);
    return (await this.deps.devices.find(this.deps.db, id)) ?? found;
  }
}
