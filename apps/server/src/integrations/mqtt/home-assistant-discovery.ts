import {
  CAMERA_STATUS,
  discoveryId,
  PRESENCE,
  SERVER_STATUS,
  type MqttMessage,
  type MqttTopics,
} from './mqtt-topics.js';

/**
 * Home Assistant MQTT discovery (single-component payloads, full option names): each person is a
 * `binary_sensor` of device class `presence`, each camera one of class `connectivity`, all on one device
 * (the installation) and available while the server's status topic says `online`. Configs are retained
 * at `<discoveryPrefix>/binary_sensor/<node>/<object>/config`; an empty retained payload removes one.
 */
export class HomeAssistantDiscovery {
  constructor(
    private readonly topics: MqttTopics,
    private readonly discoveryPrefix: string,
    private readonly version: string,
  ) {}

  /** Home Assistant announces itself here (`online`) after a restart: configs are sent again then. */
  get birthTopic(): string {
    return `${this.discoveryPrefix}/status`;
  }

  personConfig(person: { id: string; name: string }): MqttMessage {
    return this.#config(`person_${person.id}`, {
      name: person.name,
      device_class: 'presence',
      state_topic: this.topics.presence(person.id),
      payload_on: PRESENCE.on,
      payload_off: PRESENCE.off,
    });
  }

  /** Removes a person's sensor (erased). */
  personRemoval(personId: string): MqttMessage {
    return { topic: this.#configTopic(`person_${personId}`), payload: '', retain: true };
  }

  cameraConfig(camera: { id: string; name: string | null }): MqttMessage {
    return this.#config(`camera_${camera.id}`, {
      name: `Camera ${camera.name ?? camera.id}`,
      device_class: 'connectivity',
      state_topic: this.topics.cameraStatus(camera.id),
      payload_on: CAMERA_STATUS.online,
      payload_off: CAMERA_STATUS.offline,
    });
  }

  #configTopic(object: string): string {
    return `${this.discoveryPrefix}/binary_sensor/${this.topics.node}/${discoveryId(object)}/config`;
  }

  #config(object: string, entity: Record<string, string>): MqttMessage {
    const payload = {
      ...entity,
      unique_id: `${this.topics.node}_${discoveryId(object)}`,
      availability_topic: this.topics.status,
      payload_available: SERVER_STATUS.online,
      payload_not_available: SERVER_STATUS.offline,
      device: {
        identifiers: [this.topics.node],
        name: 'Smart Attendance',
        manufacturer: 'Smart Attendance',
        model: 'Attendance server',
        sw_version: this.version,
      },
      origin: { name: 'Smart Attendance', sw_version: this.version },
    };
    return { topic: this.#configTopic(object), payload: JSON.stringify(payload), retain: true };
  }
}
