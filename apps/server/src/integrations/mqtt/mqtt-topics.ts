import { createHash } from 'node:crypto';

/** One MQTT message the publisher sends (QoS 1). An empty retained payload deletes a retained topic. */
export interface MqttMessage {
  topic: string;
  payload: string;
  retain: boolean;
}

export const PRESENCE = { on: 'ON', off: 'OFF' } as const;
export const CAMERA_STATUS = { online: 'online', offline: 'offline' } as const;
export const SERVER_STATUS = { online: 'online', offline: 'offline' } as const;

/** Home Assistant's ids allow `[a-zA-Z0-9_-]`; anything else becomes `_`, with a hash when that changed it. */
export function discoveryId(raw: string): string {
  const safe = raw.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (safe === raw) return safe;
  return `${safe}_${createHash('sha256').update(raw).digest('hex').slice(0, 6)}`;
}

/**
 * The topic scheme (docs/integrations.md): everything under `prefix`; Home Assistant discovery configs
 * under `discoveryPrefix`, one node per installation (its topic prefix).
 */
export class MqttTopics {
  /** Discovery node id, and the device identifier in Home Assistant. */
  readonly node: string;

  constructor(readonly prefix: string) {
    this.node = discoveryId(prefix);
  }

  /** Retained `online`, and `offline` as the connection's last will. */
  get status(): string {
    return `${this.prefix}/status`;
  }

  /** Every event, not retained: the event JSON (the same body a webhook receives). */
  event(type: string): string {
    return `${this.prefix}/events/${type}`;
  }

  /** Retained `ON` / `OFF`. */
  presence(personId: string): string {
    return `${this.prefix}/person/${personId}/presence`;
  }

  /** Retained `online` / `offline`. */
  cameraStatus(cameraId: string): string {
    return `${this.prefix}/camera/${cameraId}/status`;
  }
}
