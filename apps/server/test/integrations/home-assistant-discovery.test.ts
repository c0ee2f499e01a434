import { describe, expect, it } from 'vitest';
import { HomeAssistantDiscovery } from '../../src/integrations/mqtt/home-assistant-discovery.js';
import { MqttTopics } from '../../src/integrations/mqtt/mqtt-topics.js';
import { expectedDiscoveryConfigs } from './support/discovery-fixture.js';

/**
 * Options Home Assistant documents for an MQTT `binary_sensor` (integrations/binary_sensor.mqtt) and for the
 * `device` and `origin` mappings of discovery (integrations/mqtt): a misspelt key would be ignored by
 * Home Assistant, silently.
 */
const BINARY_SENSOR_OPTIONS = new Set([
  'availability',
  'availability_mode',
  'availability_template',
  'availability_topic',
  'default_entity_id',
  'device',
  'device_class',
  'enabled_by_default',
  'encoding',
  'entity_category',
  'entity_picture',
  'expire_after',
  'force_update',
  'icon',
  'json_attributes_template',
  'json_attributes_topic',
  'name',
  'object_id',
  'off_delay',
  'origin',
  'payload_available',
  'payload_not_available',
  'payload_off',
  'payload_on',
  'platform',
  'qos',
  'state_topic',
  'unique_id',
  'value_template',
]);
const DEVICE_OPTIONS = new Set([
  'configuration_url',
  'connections',
  'hw_version',
  'identifiers',
  'manufacturer',
  'model',
  'model_id',
  'name',
  'serial_number',
  'suggested_area',
  'sw_version',
  'via_device',
]);
const ORIGIN_OPTIONS = new Set(['name', 'sw_version', 'support_url']);
const DEVICE_CLASSES = new Set(['presence', 'connectivity', 'occupancy', 'motion', 'problem']);

describe(HomeAssistantDiscovery.name, () => {
  const ids = { ada: '0b5f6e0c-3c1b-4f57-9a55-0d7cf1f2a001', grace: '0b5f6e0c-3c1b-4f57-9a55-0d7cf1f2a002' };
  const sut = new HomeAssistantDiscovery(new MqttTopics('smart-attendance'), 'homeassistant', '9.9.9');
  const messages = [
    sut.personConfig({ id: ids.ada, name: 'Ada Lovelace' }),
    sut.personConfig({ id: ids.grace, name: 'Grace Hopper' }),
    sut.cameraConfig({ id: 'front-door', name: null }),
    sut.cameraConfig({ id: 'back.exit', name: null }),
  ];

  it('builds the fixture’s config topics and payloads, retained', () => {
    const built = new Map(messages.map((message) => [message.topic, JSON.parse(message.payload) as unknown]));
    expect(built).toEqual(expectedDiscoveryConfigs({ ...ids, version: '9.9.9' }));
    expect(messages.every((message) => message.retain)).toBe(true);
  });

  it('uses only options Home Assistant documents, and unique ids and object ids it accepts', () => {
    const uniqueIds = new Set<string>();
    for (const message of messages) {
      const config = JSON.parse(message.payload) as Record<string, unknown> & {
        device: Record<string, unknown>;
        origin: Record<string, unknown>;
        unique_id: string;
        device_class: string;
      };
      expect(Object.keys(config).filter((key) => !BINARY_SENSOR_OPTIONS.has(key))).toEqual([]);
      expect(Object.keys(config.device).filter((key) => !DEVICE_OPTIONS.has(key))).toEqual([]);
      expect(Object.keys(config.origin).filter((key) => !ORIGIN_OPTIONS.has(key))).toEqual([]);
      expect(DEVICE_CLASSES.has(config.device_class)).toBe(true);
      uniqueIds.add(config.unique_id);
      const [prefix, component, node, object, last] = message.topic.split('/');
      expect([prefix, component, last]).toEqual(['homeassistant', 'binary_sensor', 'config']);
      expect(node).toMatch(/^[a-zA-Z0-9_-]+$/);
      expect(object).toMatch(/^[a-zA-Z0-9_-]+$/);
    }
    expect(uniqueIds.size).toBe(messages.length);
  });

  it('removes an erased person with an empty retained config', () => {
    expect(sut.personRemoval(ids.ada)).toEqual({
      topic: `homeassistant/binary_sensor/smart-attendance/person_${ids.ada}/config`,
      payload: '',
      retain: true,
    });
  });
});
