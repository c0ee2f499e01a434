import { decodeLiveFrame } from '@attendance/protocol';
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

/**
 * The original's viewer format: bare JPEG frames, no camera envelope and no JSON status messages (its
 * dashboard ignored text frames; they are dropped here rather than sent).
 */
export function rawJpegSink(socket: WebSocket): FrameSink {
  const sink = wsFrameSink(socket);
  return {
    send: (data, done) => {
      const frame = typeof data === 'string' ? null : decodeLiveFrame(data);
      if (frame === null) {
        done();
        return;
      }
      sink.send(frame.jpeg, done);
    },
    get bufferedAmount() {
      return sink.bufferedAmount;
    },
    close: (code, reason) => sink.close(code, reason),
  };
}
