import { decodeLiveFrame, LiveMessageSchema, type LiveMessage } from '@attendance/protocol';

export interface LiveSocketHandlers {
  /** `jpeg`: the frame's bytes (a view into the message), with any overlay segment the camera attached. */
  onFrame(cameraId: string, jpeg: Uint8Array): void;
  onMessage(message: LiveMessage): void;
  onState(state: 'connecting' | 'live' | 'reconnecting'): void;
}

/**
 * The dashboard's one live connection (`/v1/live/view?camera_id=all`, authenticated by the session cookie):
 * binary messages are camera frames, text messages typed events. Reconnects with a growing delay.
 */
export class LiveSocket {
  private socket: WebSocket | null = null;
  private retryMs = 1000;
  private stopped = false;

  constructor(private readonly handlers: LiveSocketHandlers) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }

  private connect(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/v1/live/view?camera_id=all`);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.handlers.onState('connecting');
    socket.addEventListener('open', () => {
      this.retryMs = 1000;
      this.handlers.onState('live');
    });
    socket.addEventListener('message', (event: MessageEvent<ArrayBuffer | string>) =>
      this.receive(event.data),
    );
    socket.addEventListener('close', () => {
      if (this.stopped) return;
      this.handlers.onState('reconnecting');
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 15_000);
    });
  }

  private receive(data: ArrayBuffer | string): void {
    if (typeof data === 'string') {
      const parsed = LiveMessageSchema.safeParse(JSON.parse(data));
      if (parsed.success) this.handlers.onMessage(parsed.data);
      return;
    }
    const frame = decodeLiveFrame(new Uint8Array(data));
    if (frame) this.handlers.onFrame(frame.cameraId, frame.jpeg);
  }
}
