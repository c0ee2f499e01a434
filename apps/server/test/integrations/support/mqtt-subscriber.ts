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

  static async connect(url: string, topics: string[]): Promise<MqttSubscriber> {
    const client = await connectAsync(url, { reconnectPeriod: 0 });
    const subscriber = new MqttSubscriber(client);
    await client.subscribeAsync(topics, { qos: 1 });
    return subscriber;
  }

  /** The retained value of every topic under `filter` (a fresh subscription: what a newcomer sees). */
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
