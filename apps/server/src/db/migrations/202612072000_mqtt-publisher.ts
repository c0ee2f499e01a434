import type { Migration } from './migration.js';

/**
 * The MQTT publisher's side of the outbox: a lease on events being published (claims skip leased rows, so
 * several server instances never publish one event twice while it is in flight), and an index for each
 * camera's latest online/offline event, from which the retained camera status is rebuilt.
 */
export const mqttPublisher: Migration = {
  id: '202612072000_mqtt-publisher',
  up: [
    'ALTER TABLE integration_event ADD COLUMN mqtt_leased_until timestamptz',
    `CREATE INDEX integration_event_camera_status_idx ON integration_event (occurred_at)
      WHERE type IN ('camera.online', 'camera.offline')`,
  ],
  down: [
    'DROP INDEX IF EXISTS integration_event_camera_status_idx',
    'ALTER TABLE integration_event DROP COLUMN IF EXISTS mqtt_leased_until',
  ],
};
