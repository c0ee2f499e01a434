import { connectAsync, type MqttClient } from 'mqtt';

export interface ReceivedMessage {
  topic: string;
  payload: string;
  retain: boolean;
}

/** A test's MQTT client: records every message on `topics` (retained ones arrive with `retain`). */
export class MqttSubscriber {
  readonly messages: ReceivedMessage[] = [];

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({ topic, payload: payload.toString(), retain: packet.retain });
    });
  }

  /**
   * With `session` (a client id), the broker keeps the subscription and queues QoS 1 messages while this
   * client is away, and the client reconnects by itself (e.g. across a restart of a persistent broker).
   */
  static async connect(
    url: string,
    topics: string[],
    options: { session?: string } = {},
  ): Promise<MqttSubscriber> {
    const client = await connectAsync(
      url,
      options.session
        ? { clientId: options.session, clean: false, reconnectPeriod: 200 }
        : { reconnectPeriod: 0 },
    );
    const subscriber = new MqttSubscriber(client);
    await client.subscribeAsync(topics, { qos: 1 });
    return subscriber;
  }

  /** The retained value of every topic under `filter` (a fresh subscription: what a newcomer sees). */
  /** Publishes a retained message (to set up a broker whose retained state is wrong). */
  static async publishRetained(url: string, topic: string, payload: string): Promise<void> {
    const client = await connectAsync(url, { reconnectPeriod: 0 });
    await client.publishAsync(topic, payload, { qos: 1, retain: true });
    await client.endAsync();
  }

  static async retained(url: string, filter: string, settleMs = 500): Promise<Map<string, string>> {
    const subscriber = await MqttSubscriber.connect(url, [filter]);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    await subscriber.close();
    return new Map(
      subscriber.messages
        .filter((message) => message.retain)
        .map((message) => [message.topic, message.payload]),
    );
  }

  on(topicPrefix: string): ReceivedMessage[] {
    return this.messages.filter((message) => message.topic.startsWith(topicPrefix));
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
