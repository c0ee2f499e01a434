import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

describe('MQTT settings', () => {
  it('are off without MQTT_URL (an empty value counts as unset)', () => {
    expect(loadConfig({}).integrations.mqtt).toBeUndefined();
    expect(loadConfig({ MQTT_URL: '' }).integrations.mqtt).toBeUndefined();
  });

  it('default to the smart-attendance prefix with Home Assistant discovery on', () => {
    expect(loadConfig({ MQTT_URL: 'mqtt://broker.lan:1883' }).integrations.mqtt).toEqual({
      url: 'mqtt://broker.lan:1883',
      username: undefined,
      password: undefined,
      tlsCaFile: undefined,
      topicPrefix: 'smart-attendance',
      discoveryPrefix: 'homeassistant',
    });
  });

  it('take credentials, a CA file, prefixes, and discovery off', () => {
    const mqtt = loadConfig({
      MQTT_URL: 'mqtts://broker.lan:8883',
      MQTT_USERNAME: 'attendance',
      MQTT_PASSWORD: 'secret',
      MQTT_TLS_CA: '/etc/ssl/broker-ca.pem',
      MQTT_TOPIC_PREFIX: 'site/berlin',
      MQTT_DISCOVERY: 'false',
    }).integrations.mqtt;
    expect(mqtt).toMatchObject({ username: 'attendance', tlsCaFile: '/etc/ssl/broker-ca.pem' });
    expect(mqtt?.topicPrefix).toBe('site/berlin');
    expect(mqtt?.discoveryPrefix).toBeUndefined();
  });

  it.each([
    ['MQTT_URL', 'http://broker.lan'],
    ['MQTT_URL', 'not a url'],
    ['MQTT_TOPIC_PREFIX', 'attendance/#'],
    ['MQTT_TOPIC_PREFIX', '/attendance'],
    ['MQTT_DISCOVERY_PREFIX', 'homeassistant/+'],
    ['MQTT_DISCOVERY', 'yes'],
  ])('refuse %s=%s', (name, value) => {
    expect(() => loadConfig({ MQTT_URL: 'mqtt://broker.lan', [name]: value })).toThrow(ConfigError);
  });
});
