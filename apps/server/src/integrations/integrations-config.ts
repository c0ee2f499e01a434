import { z } from 'zod';
import { commaSeparatedList } from '../env-list.js';
import type { RetrySchedule } from './retry-schedule.js';
import type { UrlPolicyConfig } from './url-policy.js';

const flag = z.enum(['true', 'false']).default('false');
const list = commaSeparatedList;

/** Environment variables of webhooks; merged into the server's config schema. */
export const integrationsEnvShape = {
  /** Webhook URLs may point at this host (127.0.0.0/8, ::1): a receiver on the same machine. */
  WEBHOOK_ALLOW_LOOPBACK: flag,
  /** … or at private networks (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10). */
  WEBHOOK_ALLOW_PRIVATE: flag,
  /** Hosts, addresses or CIDR ranges allowed even when loopback or private (never link-local/metadata). */
  WEBHOOK_ALLOWED_HOSTS: list,
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(10),
  WEBHOOK_RETRY_INITIAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce.number().min(1).max(86_400).default(3600),
  /** A delivery still failing this long after its event is given up on ("dead"; redeliver by hand). */
  WEBHOOK_DEAD_AFTER_SECONDS: z.coerce
    .number()
    .min(1)
    .max(30 * 86_400)
    .default(3 * 86_400),
  /** Deliveries in flight per server instance. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** How often each instance looks for due deliveries. */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Delivered events and their log are deleted after this many days. */
  WEBHOOK_LOG_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(30),
  /** `person.unknown` at most once per camera per this period. */
  UNKNOWN_EVENT_INTERVAL_SECONDS: z.coerce.number().min(0).max(86_400).default(60),
};

export interface IntegrationsConfig {
  urlPolicy: UrlPolicyConfig;
  webhooks: {
    timeoutMs: number;
    retry: RetrySchedule;
    deadAfterMs: number;
    concurrency: number;
    pollMs: number;
    retentionMs: number;
  };
  unknownEventIntervalMs: number;
}

type IntegrationsEnv = z.infer<z.ZodObject<typeof integrationsEnvShape>>;

export function toIntegrationsConfig(env: IntegrationsEnv): IntegrationsConfig {
  return {
    urlPolicy: {
      allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK === 'true',
      allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'true',
      allowedHosts: env.WEBHOOK_ALLOWED_HOSTS,
    },
    webhooks: {
      timeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
      retry: {
        initialMs: env.WEBHOOK_RETRY_INITIAL_SECONDS * 1000,
        maxMs: env.WEBHOOK_RETRY_MAX_SECONDS * 1000,
      },
      deadAfterMs: env.WEBHOOK_DEAD_AFTER_SECONDS * 1000,
      concurrency: env.WEBHOOK_CONCURRENCY,
      pollMs: env.WEBHOOK_POLL_MS,
      retentionMs: env.WEBHOOK_LOG_RETENTION_DAYS * 86_400_000,
    },
    unknownEventIntervalMs: env.UNKNOWN_EVENT_INTERVAL_SECONDS * 1000,
  };
}
