import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { MqttConfig } from '../integrations-config.js';
import { SERVER_STATUS, type MqttTopics } from './mqtt-topics.js';

/**
 * The broker connection: credentials, the private CA for mqtts (read once, at start: a missing file stops
 * the server with its path), and the last will that turns `<prefix>/status` to `offline` when this
 * connection dies without saying goodbye. mqtt.js reconnects by itself every second.
 */
export function connectToBroker(config: MqttConfig, topics: MqttTopics): MqttClient {
  const options: IClientOptions = {
    clientId: `smart-attendance-${randomBytes(6).toString('hex')}`,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    // Only messages handed over while connected matter: the outbox keeps the rest.
    queueQoSZero: false,
    will: { topic: topics.status, payload: Buffer.from(SERVER_STATUS.offline), qos: 1, retain: true },
  };
  if (config.username !== undefined) options.username = config.username;
  if (config.password !== undefined) options.password = config.password;
  if (config.tlsCaFile !== undefined) options.ca = readCa(config.tlsCaFile);
  return connect(config.url, options);
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`MQTT_TLS_CA: cannot read ${file}`, { cause: error });
  }
}
