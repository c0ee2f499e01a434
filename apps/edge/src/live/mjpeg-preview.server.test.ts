import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MjpegPreviewServer } from './mjpeg-preview.server.js';

describe(MjpegPreviewServer.name, () => {
  let sut: MjpegPreviewServer | null = null;
  afterEach(async () => {
    await sut?.close();
    sut = null;
  });

  it('serves a page on 127.0.0.1 and streams pushed JPEG frames as multipart MJPEG', async () => {
    sut = await MjpegPreviewServer.start(0);
    expect(sut.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(sut.url);
    expect(await page.text()).toContain('<img src="/stream"');
    expect(sut.hasViewers).toBe(false);

    const received = new Promise<{ type: string; body: string }>((resolve, reject) => {
      http
        .get(`${sut?.url}stream`, (response) => {
          let body = '';
          response.setEncoding('latin1');
          response.on('data', (chunk: string) => {
            body += chunk;
            if (body.includes('\r\n\r\n\xff\xd8')) {
              resolve({ type: response.headers['content-type'] ?? '', body });
            }
          });
        })
        .on('error', reject);
    });
    while (!sut.hasViewers) await new Promise((resolve) => setTimeout(resolve, 10));
    sut.push(Uint8Array.of(0xff, 0xd8, 0xff, 0xd9));
    const { type, body } = await received;
    expect(type).toBe('multipart/x-mixed-replace; boundary=attendance-frame');
    expect(body).toContain('--attendance-frame\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n\r\n');
  });
});
