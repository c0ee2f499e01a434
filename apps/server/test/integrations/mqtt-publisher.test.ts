import { IntegrationEventSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { SERVER_VERSION } from '../../src/version.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { MosquittoBroker } from '../support/mosquitto-broker.js';
import { enrollPerson, identifyFace, startTestServer, type TestServer } from '../support/test-server.js';
import { openSocket } from '../relay/support/ws-clients.js';
import { expectedDiscoveryConfigs } from './support/discovery-fixture.js';
import { MqttSubscriber } from './support/mqtt-subscriber.js';
import { waitFor } from './support/webhook-receiver.js';

const PREFIX = 'smart-attendance';

describe.each(['pglite', 'postgres'] as const)(
  'MQTT publisher and Home Assistant discovery (%s)',
  (driver) => {
    let broker: MosquittoBroker;
    let server: TestServer;
    let subscriber: MqttSubscriber;
    let camera: WebSocket | undefined;
    const faces = {
      ada: randomUnitVector(512, seededRandom(21)),
      grace: randomUnitVector(512, seededRandom(22)),
    };
    const ids = { ada: '', grace: '' };
    const admin = () => ({ 'x-api-key': server.adminKey });

    const retained = async () => {
      const topics = await MqttSubscriber.retained(broker.url, `${PREFIX}/#`);
      const discovery = await MqttSubscriber.retained(broker.url, 'homeassistant/#');
      return { topics, discovery: new Map([...discovery].map(([topic, json]) => [topic, JSON.parse(json)])) };
    };
    const setRole = async (cameraId: string, role: string) => {
      const response = await server.app.inject({
        method: 'PUT',
        url: `/v1/cameras/${cameraId}/role`,
        headers: admin(),
        payload: { role },
      });
      expect(response.statusCode, response.body).toBe(200);
    };

    beforeAll(async () => {
      // Persistent, so a test subscriber's session (and what is queued for it) survives the broker's restart;
      // the retained state the server must repair is made wrong on purpose before the restart instead.
      broker = await MosquittoBroker.start({ persistence: true });
      server = await startTestServer({
        driver,
        listen: true,
        env: { MQTT_URL: broker.url, SIGHTING_GAP_SECONDS: '0' },
      });
      subscriber = await MqttSubscriber.connect(broker.url, [`${PREFIX}/events/#`], {
        session: `test-${driver}-${String(broker.port)}`,
      });
      // Connected and its first full publish done (nothing enrolled yet).
      expect(
        await waitFor(async () => (await retained()).topics.get(`${PREFIX}/status`) === 'online', 20_000),
      ).toBe(true);
    });

    afterAll(async () => {
      camera?.terminate();
      await subscriber.close();
      await server.close();
      await broker.close();
    });

    it('publishes events, retained presence and camera status, and discovery configs', async () => {
      await setRole('front-door', 'entry');
      await setRole('back.exit', 'exit');
      ids.ada = await enrollPerson(server, 'Ada Lovelace', [faces.ada]);
      ids.grace = await enrollPerson(server, 'Grace Hopper', [faces.grace]);
      const identified = await identifyFace(server, faces.ada, { cameraId: 'front-door' });
      expect(identified.statusCode, identified.body).toBe(200);
      const wsUrl = (server.baseUrl ?? '').replace('http', 'ws');
      camera = await openSocket(`${wsUrl}/v1/live/publish?camera_id=front-door`, admin());

      const published = () => subscriber.on(`${PREFIX}/events/`);
      expect(await waitFor(() => published().length >= 4, 20_000)).toBe(true);
      const events = published().map((message) => ({
        topic: message.topic,
        event: IntegrationEventSchema.parse(JSON.parse(message.payload)),
        retain: message.retain,
      }));
      expect(events.map(({ event }) => event.type).sort()).toEqual([
        'attendance.recorded',
        'camera.online',
        'person.created',
        'person.created',
      ]);
      for (const { topic, event, retain } of events) {
        expect(topic).toBe(`${PREFIX}/events/${event.type}`);
        expect(retain).toBe(false);
      }
      expect(JSON.stringify(events)).not.toMatch(/embedding|jpeg|image/i);

      const fixture = expectedDiscoveryConfigs({ ...ids, version: SERVER_VERSION });
      expect(
        await waitFor(
          async () => (await retained()).topics.get(`${PREFIX}/camera/front-door/status`) === 'online',
          20_000,
        ),
      ).toBe(true);
      const { topics, discovery } = await retained();
      expect(topics.get(`${PREFIX}/status`)).toBe('online');
      expect(topics.get(`${PREFIX}/person/${ids.ada}/presence`)).toBe('ON');
      expect(topics.get(`${PREFIX}/person/${ids.grace}/presence`)).toBe('OFF');
      // Published so far: both people (created) and the camera that came online; the exit camera has had no
      // event yet (it appears with the next full republish, below).
      for (const [topic, config] of discovery) expect(config).toEqual(fixture.get(topic));
      expect(discovery.size).toBe(3);

      // Leaving by the exit camera: absent.
      await identifyFace(server, faces.ada, { cameraId: 'back.exit' });
      expect(
        await waitFor(
          async () => (await retained()).topics.get(`${PREFIX}/person/${ids.ada}/presence`) === 'OFF',
          20_000,
        ),
      ).toBe(true);
    });

    it('after a broker restart: publishes what happened meanwhile and repairs every retained topic', async () => {
      // A broker that lost or garbled retained messages: wrong presence and camera status, a sensor gone.
      const adaConfig = `homeassistant/binary_sensor/smart-attendance/person_${ids.ada}/config`;
      await MqttSubscriber.publishRetained(broker.url, `${PREFIX}/person/${ids.ada}/presence`, 'ON');
      await MqttSubscriber.publishRetained(broker.url, `${PREFIX}/camera/front-door/status`, 'offline');
      await MqttSubscriber.publishRetained(broker.url, adaConfig, '');
      const before = subscriber.on(`${PREFIX}/events/`).length;
      await broker.stop();
      const during = await identifyFace(server, faces.grace, { cameraId: 'front-door' });
      expect(during.statusCode, during.body).toBe(200); // identify never waits for the broker
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await broker.start();

      const fixture = expectedDiscoveryConfigs({ ...ids, version: SERVER_VERSION });
      expect(await waitFor(async () => (await retained()).discovery.size === 4, 20_000)).toBe(true);
      const { topics, discovery } = await retained();
      expect(discovery).toEqual(fixture);
      expect(topics.get(`${PREFIX}/status`)).toBe('online');
      expect(topics.get(`${PREFIX}/person/${ids.ada}/presence`)).toBe('OFF');
      expect(topics.get(`${PREFIX}/person/${ids.grace}/presence`)).toBe('ON');
      expect(topics.get(`${PREFIX}/camera/front-door/status`)).toBe('online');
      expect(topics.get(`${PREFIX}/camera/back.exit/status`)).toBe('offline');

      // The event of the downtime reached the subscriber (its session outlived the restart), once.
      const graceEvents = () =>
        subscriber
          .on(`${PREFIX}/events/attendance.recorded`)
          .map((message) => IntegrationEventSchema.parse(JSON.parse(message.payload)))
          .filter((event) => event.type === 'attendance.recorded' && event.data.person.id === ids.grace);
      expect(await waitFor(() => graceEvents().length >= 1, 20_000)).toBe(true);
      expect(graceEvents()).toHaveLength(1);
      expect(subscriber.on(`${PREFIX}/events/`).length).toBe(before + 1);
      const pending = await server.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM integration_event WHERE mqtt_pending',
      );
      expect(pending.rows[0]?.n).toBe(0);
    });

    it('removes an erased person’s sensor and presence, and says offline when the camera leaves', async () => {
      const erased = await server.app.inject({
        method: 'DELETE',
        url: `/v1/people/${ids.grace}`,
        headers: admin(),
      });
      expect(erased.statusCode, erased.body).toBe(204);
      camera?.terminate();
      camera = undefined;
      expect(
        await waitFor(async () => {
          const { topics, discovery } = await retained();
          return (
            discovery.size === 3 &&
            !topics.has(`${PREFIX}/person/${ids.grace}/presence`) &&
            topics.get(`${PREFIX}/camera/front-door/status`) === 'offline'
          );
        }, 20_000),
      ).toBe(true);
      const { discovery } = await retained();
      expect([...discovery.keys()].some((topic) => topic.includes(ids.grace))).toBe(false);
    });
  },
);
