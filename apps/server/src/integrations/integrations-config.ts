import { z } from 'zod';
import { commaSeparatedList } from '../env-list.js';
import type { RetrySchedule } from './retry-schedule.js';
import type { UrlPolicyConfig } from './url-policy.js';

const flag = z.enum(['true', 'false']).default('false');
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalText = z.preprocess(emptyAsUndefined, z.string().optional());
/** A topic level or levels: no MQTT wildcards, no leading or trailing slash. */
const topicPrefix = (fallback: string) =>
  z
    .string()
    .regex(/^[^#+/](?:[^#+]*[^#+/])?$/, 'a topic without wildcards (#, +) or leading/trailing slash')
    .default(fallback);
const list = commaSeparatedList;

/** Environment variables of webhooks and MQTT; merged into the server's config schema. */
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
  /** MQTT broker (`mqtt://host:1883`, `mqtts://host:8883`); unset: no MQTT. */
  MQTT_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^mqtts?$/ }).optional()),
  MQTT_USERNAME: optionalText,
  MQTT_PASSWORD: optionalText,
  /** PEM file of the CA that signed the broker's certificate (mqtts with a private CA). */
  MQTT_TLS_CA: optionalText,
  MQTT_TOPIC_PREFIX: topicPrefix('smart-attendance'),
  /** Home Assistant MQTT discovery (a presence sensor per person, a connectivity sensor per camera). */
  MQTT_DISCOVERY: z.enum(['true', 'false']).default('true'),
  MQTT_DISCOVERY_PREFIX: topicPrefix('homeassistant'),
};

export interface MqttConfig {
  url: string;
  username: string | undefined;
  password: string | undefined;
  /** Path of a PEM CA file. */
  tlsCaFile: string | undefined;
  topicPrefix: string;
  /** Home Assistant's discovery prefix; undefined: discovery off. */
  discoveryPrefix: string | undefined;
}

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
  /** Undefined when MQTT_URL is unset. */
  mqtt: MqttConfig | undefined;
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
    mqtt: env.MQTT_URL
      ? {
          url: env.MQTT_URL,
          username: env.MQTT_USERNAME,
          password: env.MQTT_PASSWORD,
          tlsCaFile: env.MQTT_TLS_CA,
          topicPrefix: env.MQTT_TOPIC_PREFIX,
          discoveryPrefix: env.MQTT_DISCOVERY === 'true' ? env.MQTT_DISCOVERY_PREFIX : undefined,
        }
      : undefined,
  };
}
