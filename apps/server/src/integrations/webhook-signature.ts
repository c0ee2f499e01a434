import { createHmac, randomBytes } from 'node:crypto';

/** Header names of a webhook request (documented in docs/integrations.md). */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** A new signing secret: shown once to the admin who creates the endpoint. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`, keyed with the secret's UTF-8 bytes (the whole string,
 * prefix included). The timestamp (Unix seconds) is signed so a receiver can refuse old replays.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex');
  return `v1=${mac}`;
}
