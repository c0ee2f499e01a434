import http from 'node:http';
import type { AddressInfo } from 'node:net';

const PAGE = `<!doctype html><meta charset="utf-8"><title>Attendance camera preview</title>
<style>body{margin:0;background:#111;display:grid;place-items:center;height:100vh}img{max-width:100%;max-height:100vh}</style>
<img src="/stream" alt="camera preview">`;

const BOUNDARY = 'attendance-frame';

/**
 * A local preview page (`http://127.0.0.1:PORT/`) showing annotated frames as MJPEG. Each viewer gets
 * the newest frame when its socket is ready; slow viewers skip frames instead of buffering them.
 */
export class MjpegPreviewServer {
  private readonly viewers = new Set<http.ServerResponse>();
  private readonly server: http.Server;

  private constructor(server: http.Server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1 only: the preview shows faces and must not be exposed to the network. */
  static async start(port: number): Promise<MjpegPreviewServer> {
    const server = http.createServer();
    const preview = new MjpegPreviewServer(server);
    server.on('request', (request, response) => preview.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return preview;
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/`;
  }

  get hasViewers(): boolean {
    return this.viewers.size > 0;
  }

  push(jpeg: Uint8Array): void {
    for (const viewer of this.viewers) {
      if (viewer.writableNeedDrain) continue;
      viewer.write(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
      viewer.write(jpeg);
      viewer.write('\r\n');
    }
  }

  async close(): Promise<void> {
    for (const viewer of this.viewers) viewer.end();
    this.viewers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (request.url === '/stream') {
      response.writeHead(200, {
        'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`,
        'cache-control': 'no-store',
      });
      this.viewers.add(response);
      request.on('close', () => this.viewers.delete(response));
      return;
    }
    if (request.url === '/' || request.url === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    response.writeHead(404).end();
  }
}
