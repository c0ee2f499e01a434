import type { Database } from '../../db/database.js';
import { dayWindow, workDayOf, type DayBoundary } from '../../attendance/work-day.js';
import type { MqttStateRepository } from '../../repositories/mqtt-state.repository.js';
import type { HomeAssistantDiscovery } from './home-assistant-discovery.js';
import { CAMERA_STATUS, PRESENCE, type MqttMessage, type MqttTopics } from './mqtt-topics.js';

/** What a published event changes in the retained topics. */
interface Touched {
  people: Set<string>;
  erased: Set<string>;
  cameras: Set<string>;
  /** People whose discovery config is (re)sent: new ones. */
  newPeople: Set<string>;
}

/** Ids an event's data names, whatever its type (types added later are handled the same way). */
function touchedBy(events: readonly { type: string; data: unknown }[]): Touched {
  const touched: Touched = { people: new Set(), erased: new Set(), cameras: new Set(), newPeople: new Set() };
  for (const { type, data } of events) {
    const fields = (data ?? {}) as { person?: { id?: unknown }; person_id?: unknown; camera_id?: unknown };
    const personId = typeof fields.person?.id === 'string' ? fields.person.id : fields.person_id;
    if (type === 'person.erased' && typeof personId === 'string') {
      touched.erased.add(personId);
      touched.people.delete(personId);
    } else if (typeof personId === 'string') {
      touched.people.add(personId);
      if (type === 'person.created') touched.newPeople.add(personId);
    }
    if (type.startsWith('camera.') && typeof fields.camera_id === 'string') {
      touched.cameras.add(fields.camera_id);
    }
  }
  return touched;
}

export interface MqttRetainedStateDeps {
  readonly db: Database;
  readonly repository: MqttStateRepository;
  readonly topics: MqttTopics;
  readonly discovery: HomeAssistantDiscovery | undefined;
  readonly boundary: DayBoundary;
}

/**
 * The retained topics (presence per person, status per camera, discovery configs), always rebuilt from the
 * database rather than from the event that triggered them: whatever order instances publish events in, the
 * retained value is the database's latest. A person is present (`ON`) when their latest attendance event of
 * the current working day was an entry (`in`) or on a two-way camera (`both`), absent after an exit.
 */
export class MqttRetainedState {
  constructor(private readonly deps: MqttRetainedStateDeps) {}

  /** The working day `now` is in: presence is recomputed for everyone when it changes. */
  dayOf(now: Date): string {
    return workDayOf(now, this.deps.boundary);
  }

  /** Everything retained, for a (re)connect, Home Assistant's restart or a new working day. */
  async snapshot(now = new Date()): Promise<MqttMessage[]> {
    const people = await this.deps.repository.people(this.deps.db);
    const online = await this.deps.repository.onlineCameras(this.deps.db);
    const cameras = await this.#cameras([...online], { all: true });
    return [
      ...people.flatMap((person) => (this.deps.discovery ? [this.deps.discovery.personConfig(person)] : [])),
      ...cameras.flatMap((camera) => (this.deps.discovery ? [this.deps.discovery.cameraConfig(camera)] : [])),
      ...(await this.#presence(
        people.map((person) => person.id),
        now,
      )),
      ...(await this.#cameraStatus(cameras.map((camera) => camera.id))),
    ];
  }

  /** Retained updates after `events` were published. */
  async afterEvents(
    events: readonly { type: string; data: unknown }[],
    now = new Date(),
  ): Promise<MqttMessage[]> {
    const touched = touchedBy(events);
    const messages: MqttMessage[] = [];
    for (const id of touched.erased) {
      if (this.deps.discovery) messages.push(this.deps.discovery.personRemoval(id));
      messages.push({ topic: this.deps.topics.presence(id), payload: '', retain: true });
    }
    if (touched.newPeople.size > 0 && this.deps.discovery) {
      const people = await this.deps.repository.people(this.deps.db, [...touched.newPeople]);
      for (const person of people) messages.push(this.deps.discovery.personConfig(person));
    }
    if (touched.people.size > 0) {
      const alive = await this.deps.repository.people(this.deps.db, [...touched.people]);
      messages.push(
        ...(await this.#presence(
          alive.map((person) => person.id),
          now,
        )),
      );
    }
    if (touched.cameras.size > 0) {
      const cameras = await this.#cameras([...touched.cameras], { all: false });
      const discovery = this.deps.discovery;
      if (discovery) messages.push(...cameras.map((camera) => discovery.cameraConfig(camera)));
      messages.push(...(await this.#cameraStatus(cameras.map((camera) => camera.id))));
    }
    return messages;
  }

  /** `ids` with their names, plus (with `all`) every camera the database knows. */
  async #cameras(ids: string[], options: { all: boolean }): Promise<{ id: string; name: string | null }[]> {
    const known = await this.deps.repository.cameras(this.deps.db, options.all ? undefined : ids);
    const named = new Map(known.map((camera) => [camera.id, camera.name]));
    for (const id of ids) if (!named.has(id)) named.set(id, null);
    return [...named].map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id));
  }

  async #presence(personIds: string[], now: Date): Promise<MqttMessage[]> {
    if (personIds.length === 0) return [];
    const since = dayWindow(this.dayOf(now), this.deps.boundary).start;
    const directions = await this.deps.repository.latestDirections(this.deps.db, since, personIds);
    return personIds.map((id) => {
      const direction = directions.get(id);
      const present = direction !== undefined && direction !== 'out';
      return {
        topic: this.deps.topics.presence(id),
        payload: present ? PRESENCE.on : PRESENCE.off,
        retain: true,
      };
    });
  }

  async #cameraStatus(cameraIds: string[]): Promise<MqttMessage[]> {
    if (cameraIds.length === 0) return [];
    const online = await this.deps.repository.onlineCameras(this.deps.db, cameraIds);
    return cameraIds.map((id) => ({
      topic: this.deps.topics.cameraStatus(id),
      payload: online.has(id) ? CAMERA_STATUS.online : CAMERA_STATUS.offline,
      retain: true,
    }));
  }
}
