import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyScope } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import type { ApiKeyRepository } from '../repositories/api-key.repository.js';

/** Characters of a key kept in clear as a lookup handle and for people to recognise it in a list. */
const PREFIX_LENGTH = 8;

export interface AuthenticatedKey {
  id: string;
  scopes: ApiKeyScope[];
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A new random key: `sa_` + 43 base64url characters (256 bits). */
export const generateApiKey = () => `sa_${randomBytes(32).toString('base64url')}`;

/** Creates, lists, revokes and verifies API keys. Only sha256 hashes are stored. */
export class ApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly keys: ApiKeyRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: ApiKeyCreate): Promise<ApiKeyCreated> {
    const key = generateApiKey();
    const stored = await this.keys.insert(this.db, {
      name: input.name,
      keyPrefix: key.slice(0, PREFIX_LENGTH),
      keyHash: sha256Hex(key),
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expires_at ?? null,
    });
    return { ...stored, key };
  }

  list(): Promise<ApiKey[]> {
    return this.keys.list(this.db);
  }

  async revoke(id: string): Promise<ApiKey> {
    return (await this.keys.revoke(this.db, id)) ?? Promise.reject(notFound('api key'));
  }

  /** Stores `key` as an admin key if it is not stored yet (the API_KEY variable or the generated file). */
  async ensureAdminKey(key: string, name: string): Promise<void> {
    await this.keys.ensure(this.db, {
      name,
      keyPrefix: key.slice(0, PREFIX_LENGTH),
      keyHash: sha256Hex(key),
      scopes: ['admin'],
    });
  }

  /** The key's scopes if it is known, unexpired and unrevoked; otherwise null. Constant-time comparison. */
  async authenticate(presented: string): Promise<AuthenticatedKey | null> {
    if (presented.length < PREFIX_LENGTH || presented.length > 512) return null;
    const digest = Buffer.from(sha256Hex(presented), 'hex');
    const now = this.now().getTime();
    for (const candidate of await this.keys.findByPrefix(this.db, presented.slice(0, PREFIX_LENGTH))) {
      const stored = Buffer.from(candidate.keyHash, 'hex');
      if (stored.length !== digest.length || !timingSafeEqual(stored, digest)) continue;
      if (candidate.revokedAt || (candidate.expiresAt && candidate.expiresAt.getTime() <= now)) return null;
      await this.keys.touchLastUsed(this.db, candidate.id);
      return { id: candidate.id, scopes: candidate.scopes };
    }
    return null;
  }
}
