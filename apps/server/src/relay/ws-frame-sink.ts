import type { WebSocket } from 'ws';
import type { FrameSink } from './frame-sink.js';

/** Adapts a `ws` socket to the hub's {@link FrameSink}. */
export function wsFrameSink(socket: WebSocket): FrameSink {
  return {
    send: (data, done) => socket.send(data, { binary: typeof data !== 'string' }, done),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    close: (code, reason) => socket.close(code, reason),
  };
}

/**
 * Pings the socket every `intervalMs` and terminates it when the previous ping got no pong, so a vanished
 * peer (pulled cable, sleeping laptop) does not keep a camera "online" or a viewer slot taken.
 */
export function keepAlive(socket: WebSocket, intervalMs: number): void {
  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, intervalMs);
  timer.unref();
  socket.on('close', () => clearInterval(timer));
}
