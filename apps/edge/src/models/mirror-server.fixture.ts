import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour = 'ok' | 'corrupt' | 'missing' | 'cut-once';

/**
 * A local HTTP server laid out like the official sources (`/<host>/<path>`), with Range support and per-file
 * faults: a corrupted byte, a 404, or a connection cut half-way once.
 */
export class MirrorServer {
  readonly requests: { path: string; range: string | undefined }[] = [];
  readonly behaviours = new Map<string, Behaviour>();
  private server: Server | undefined;

  constructor(private readonly files: ReadonlyMap<string, Uint8Array>) {}

  /** Serves `bytes` at the mirror path of an official URL. */
  static pathOf(url: string): string {
    const official = new URL(url);
    return `/${official.host}${official.pathname}`;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '';
      this.requests.push({ path, range: request.headers.range });
      const file = this.files.get(path);
      const behaviour = this.behaviours.get(path) ?? 'ok';
      if (!file || behaviour === 'missing') {
        response.writeHead(404).end('not found');
        return;
      }
      const start = Number(/bytes=(\d+)-/.exec(request.headers.range ?? '')?.[1] ?? 0);
      const body = Buffer.from(file.subarray(start));
      const middle = Math.floor(body.length / 2);
      if (behaviour === 'corrupt') body[middle] = (body[middle] ?? 0) ^ 0xff;
      const headers: Record<string, string | number> = {
        'content-length': body.length,
        'accept-ranges': 'bytes',
      };
      if (start > 0) headers['content-range'] = `bytes ${start}-${file.length - 1}/${file.length}`;
      response.writeHead(start > 0 ? 206 : 200, headers);
      if (behaviour === 'cut-once') {
        this.behaviours.delete(path);
        response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.destroy());
        return;
      }
      response.end(body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
