import WebSocket from 'ws';

export interface LivePublisherOptions {
  /** Server base URL (`http://…` becomes `ws://…`). */
  readonly serverUrl: string;
  readonly apiKey: string | null;
  readonly cameraId: string;
  /** At most this many frames per second are sent. */
  readonly maxFps: number;
  readonly log: (level: 'info' | 'warn', message: string) => void;
}

/**
 * Sends annotated JPEG frames to the server's live relay (`/v1/live/publish`). Latest frame wins: a
 * frame is dropped, never queued, while the previous one is still being written or the socket is down.
 * Reconnects with back-off; connection trouble is logged once per state change, not per frame.
 */
export class LivePublisher {
  private socket: WebSocket | null = null;
  private lastSentAt = 0;
  private sending = false;
  private closed = false;
  private reconnectDelayMs = 1000;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private lastProblem: string | null = null;
  dropped = 0;
  sent = 0;

  constructor(private readonly options: LivePublisherOptions) {
    this.connect();
  }

  /** True when `publish` would currently send (lets the caller skip JPEG encoding otherwise). */
  wantsFrame(now: number): boolean {
    return (
      this.socket?.readyState === WebSocket.OPEN &&
      !this.sending &&
      now - this.lastSentAt >= 1000 / this.options.maxFps
    );
  }

  publish(jpeg: Uint8Array, now: number): void {
    const socket = this.socket;
    if (!socket || !this.wantsFrame(now) || socket.bufferedAmount > 0) {
      this.dropped += 1;
      return;
    }
    this.sending = true;
    this.lastSentAt = now;
    socket.send(jpeg, { binary: true }, (error) => {
      this.sending = false;
      if (!error) this.sent += 1;
    });
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'agent stopping');
    this.socket = null;
  }

  /** Logs a connection problem once, not on every reconnect attempt. */
  private problem(message: string): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.options.log('warn', `live view: ${message}; frames are dropped, retrying in the background`);
  }

  private connect(): void {
    const url = new URL('/v1/live/publish', this.options.serverUrl.replace(/^http/, 'ws'));
    url.searchParams.set('camera_id', this.options.cameraId);
    const headers: Record<string, string> = {};
    if (this.options.apiKey !== null) headers['x-api-key'] = this.options.apiKey;
    const socket = new WebSocket(url, { headers, handshakeTimeout: 5000 });
    this.socket = socket;
    let refused = false;
    socket.on('open', () => {
      this.reconnectDelayMs = 1000;
      this.lastProblem = null;
      this.options.log('info', `live view: publishing to ${url.origin}${url.pathname}`);
    });
    socket.on('unexpected-response', (_request, response) => {
      refused = true;
      this.problem(`relay refused the connection (HTTP ${response.statusCode})`);
      socket.terminate();
    });
    socket.on('error', (error) => {
      if (!refused) this.problem(error.message);
    });
    socket.on('close', () => {
      this.sending = false;
      if (this.socket === socket) this.socket = null;
      if (this.closed) return;
      this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectDelayMs);
      this.reconnectDelayMs = Math.min(30_000, this.reconnectDelayMs * 2);
    });
  }
}
