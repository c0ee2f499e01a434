import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyScope } from '@attendance/protocol';
import type { Database, Queryable } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import type { ApiKeyRepository } from '../repositories/api-key.repository.js';
import type { AuditLogRepository } from '../repositories/audit-log.repository.js';

/** Characters of a key kept in clear as a lookup handle and for people to recognise it in a list. */
const PREFIX_LENGTH = 8;

export interface AuthenticatedKey {
  id: string;
  scopes: ApiKeyScope[];
  /** A paired device's credential acts for this camera only (see device-scope.ts). */
  cameraId?: string;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A new random key: `sa_` + 43 base64url characters (256 bits). */
export const generateApiKey = () => `sa_${randomBytes(32).toString('base64url')}`;

/**
 * How long a verified key is trusted without asking the database again. Revoking through this process
 * takes effect at once; a revocation made by another server instance takes effect within this time.
 */
const VERIFIED_TTL_MS = 10_000;

/**
 * How long a key found invalid (unknown, revoked or expired) is refused without asking the database
 * again: a client retrying a wrong key costs no lookup. A refused key rarely becomes valid: created keys
 * are random, and each instance stores its admin key before it answers. The one case is a new API_KEY
 * stored by another instance during a rolling restart; this instance then accepts it within this time.
 */
const REJECTED_TTL_MS = 10_000;
/** Remembered rejections at most (then forgotten all at once): random keys cannot grow memory. */
const MAX_REJECTED = 10_000;

interface VerifiedEntry {
  key: AuthenticatedKey;
  expiresAt: number | null;
  trustedUntil: number;
}

export interface ApiKeyServiceDeps {
  readonly db: Database;
  readonly keys: ApiKeyRepository;
  readonly audit: AuditLogRepository;
  readonly now?: () => Date;
}

/**
 * Creates, lists, revokes and verifies API keys. Only sha256 hashes are stored. Creation and revocation
 * are audit-logged in the same transaction (acting key id, the key's id, its scopes; never the secret).
 */
export class ApiKeyService {
  readonly #verified = new Map<string, VerifiedEntry>();
  /** sha256 of keys found invalid → until when they are refused from memory. */
  readonly #rejected = new Map<string, number>();

  private readonly now: () => Date;

  constructor(private readonly deps: ApiKeyServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async create(input: ApiKeyCreate, actorKeyId: string | null): Promise<ApiKeyCreated> {
    if (input.expires_at !== undefined && new Date(input.expires_at).getTime() <= this.now().getTime()) {
      throw new AppError('validation_failed', 'expires_at: must be in the future (the key would never work)');
    }
    const key = generateApiKey();
    const scopes = [...new Set(input.scopes)];
    const stored = await this.deps.db.transaction(async (tx) => {
      const inserted = await this.deps.keys.insert(tx, {
        name: input.name,
        keyPrefix: key.slice(0, PREFIX_LENGTH),
        keyHash: sha256Hex(key),
        scopes,
        expiresAt: input.expires_at ?? null,
        ...(input.camera_id === undefined ? {} : { cameraId: input.camera_id }),
      });
      await this.deps.audit.append(tx, {
        action: 'api_key.created',
        actorKeyId,
        subjectId: inserted.id,
        counts: Object.fromEntries(scopes.map((scope) => [`scope.${scope}`, 1])),
      });
      return inserted;
    });
    return { ...stored, key };
  }

  /** A paired device's credential: an edge key bound to one camera, created inside the pairing transaction. */
  async createDeviceKey(tx: Queryable, name: string, cameraId: string): Promise<{ id: string; key: string }> {
    const key = generateApiKey();
    const stored = await this.deps.keys.insert(tx, {
      name,
      keyPrefix: key.slice(0, PREFIX_LENGTH),
      keyHash: sha256Hex(key),
      scopes: ['edge'],
      expiresAt: null,
      cameraId,
    });
    return { id: stored.id, key };
  }

  list(): Promise<ApiKey[]> {
    return this.deps.keys.list(this.deps.db);
  }

  /** Revokes the key (idempotent); every revocation request of a known key is audit-logged. */
  async revoke(id: string, actorKeyId: string | null): Promise<ApiKey> {
    this.#verified.clear();
    const revoked = await this.deps.db.transaction(async (tx) => {
      const key = await this.deps.keys.revoke(tx, id);
      if (key) {
        await this.deps.audit.append(tx, {
          action: 'api_key.revoked',
          actorKeyId,
          subjectId: id,
          counts: {},
        });
      }
      return key;
    });
    this.#verified.clear(); // a verification that raced the transaction must not outlive it
    return revoked ?? Promise.reject(notFound('api key'));
  }

  /** Stores `key` as an admin key if it is not stored yet (the API_KEY variable or the generated file). */
  async ensureAdminKey(key: string, name: string): Promise<void> {
    await this.deps.keys.ensure(this.deps.db, {
      name,
      keyPrefix: key.slice(0, PREFIX_LENGTH),
      keyHash: sha256Hex(key),
      scopes: ['admin'],
    });
  }

  /** The key's scopes if it is known, unexpired and unrevoked; otherwise null. Constant-time comparison. */
  async authenticate(presented: string): Promise<AuthenticatedKey | null> {
    if (presented.length < PREFIX_LENGTH || presented.length > 512) return null;
    const digestHex = sha256Hex(presented);
    const now = this.now().getTime();
    const cached = this.#verified.get(digestHex);
    if (cached && cached.trustedUntil > now && (cached.expiresAt === null || cached.expiresAt > now)) {
      return cached.key;
    }
    this.#verified.delete(digestHex);
    if ((this.#rejected.get(digestHex) ?? 0) > now) return null;

    const digest = Buffer.from(digestHex, 'hex');
    for (const candidate of await this.deps.keys.findByPrefix(
      this.deps.db,
      presented.slice(0, PREFIX_LENGTH),
    )) {
      const stored = Buffer.from(candidate.keyHash, 'hex');
      if (stored.length !== digest.length || !timingSafeEqual(stored, digest)) continue;
      if (candidate.revokedAt || (candidate.expiresAt && candidate.expiresAt.getTime() <= now)) {
        return this.#reject(digestHex, now);
      }
      await this.deps.keys.touchLastUsed(this.deps.db, candidate.id);
      const key: AuthenticatedKey = {
        id: candidate.id,
        scopes: candidate.scopes,
        ...(candidate.cameraId ? { cameraId: candidate.cameraId } : {}),
      };
      if (this.#verified.size > 1000) this.#verified.clear();
      this.#verified.set(digestHex, {
        key,
        expiresAt: candidate.expiresAt?.getTime() ?? null,
        trustedUntil: now + VERIFIED_TTL_MS,
      });
      return key;
    }
    return this.#reject(digestHex, now);
  }

  #reject(digestHex: string, now: number): null {
    if (this.#rejected.size >= MAX_REJECTED) this.#rejected.clear();
    this.#rejected.set(digestHex, now + REJECTED_TTL_MS);
    return null;
  }
}
