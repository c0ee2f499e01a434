import net from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/** Opens a WebSocket and resolves once open; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      reject(new Error(`HTTP ${response.statusCode}`));
      response.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

/** Resolves with the close code the server sent. */
export function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

/**
 * A viewer that completes the handshake and then never reads again: the server's writes pile up in the kernel
 * and then in its own buffers — exactly the stalled client the relay must not buffer for without bound.
 */
export function openStalledViewer(port: number, path: string, apiKey: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        [
          `GET ${path} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `X-API-Key: ${apiKey}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('data', (chunk) => {
      socket.pause();
      if (chunk.toString('latin1').startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(`handshake refused: ${chunk.toString('latin1').split('\r\n')[0]}`));
    });
  });
}

/** Random bytes that start with the JPEG SOI marker (the relay checks the marker, never decodes). */
export function fakeJpeg(bytes: number): Buffer {
  const frame = randomBytes(bytes);
  frame[0] = 0xff;
  frame[1] = 0xd8;
  return frame;
}
