/**
 * One viewer connection as the relay hub sees it: just enough of a WebSocket to send, measure and close.
 * Keeping the hub behind this interface makes it testable without sockets.
 */
export interface FrameSink {
  /** Queues a message; `done` runs once it has been handed to the OS (or failed). Never blocks. */
  send(data: Uint8Array | string, done: (error?: Error) => void): void;
  /** Bytes queued in user space and not yet written to the socket. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

/** What a viewer watches: one camera, or every camera. */
export type ViewerFilter = { kind: 'camera'; cameraId: string } | { kind: 'all' };

export const watchesCamera = (filter: ViewerFilter, cameraId: string): boolean =>
  filter.kind === 'all' || filter.cameraId === cameraId;
