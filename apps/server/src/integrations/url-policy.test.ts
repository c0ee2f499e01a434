import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UrlPolicy, UrlRefusedError, type UrlPolicyConfig } from './url-policy.js';
import { WebhookSender } from './webhook-sender.js';

const STRICT: UrlPolicyConfig = { allowLoopback: false, allowPrivate: false, allowedHosts: [] };
const fakeDns =
  (table: Record<string, string[]>) =>
  (host: string): Promise<{ address: string; family: number }[]> =>
    Promise.resolve(
      (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe(UrlPolicy.name, () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://[fe80::1]/',
    'http://169.254.10.20/',
    'http://0.0.0.0/',
    'http://127.0.0.1:8080/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://10.1.2.3/',
    'http://192.168.1.10/',
    'http://user:pass@example.com/',
  ])('refuses %s by default', async (url) => {
    const sut = new UrlPolicy(STRICT, fakeDns({}));
    await expect(sut.checkUrl(url)).rejects.toBeInstanceOf(UrlRefusedError);
  });

  it('checks every address a name resolves to', async () => {
    const sut = new UrlPolicy(STRICT, fakeDns({ 'mixed.test': ['93.184.216.34', '169.254.169.254'] }));
    await expect(sut.checkUrl('https://mixed.test/hook')).rejects.toThrow(/metadata/);
    const ok = new UrlPolicy(STRICT, fakeDns({ 'public.test': ['93.184.216.34'] }));
    await expect(ok.checkUrl('https://public.test/hook')).resolves.toBeUndefined();
  });

  it('allows loopback or private only as configured, and never link-local or metadata', async () => {
    const loopback = new UrlPolicy({ ...STRICT, allowLoopback: true }, fakeDns({}));
    await expect(loopback.checkUrl('http://127.0.0.1:9/')).resolves.toBeUndefined();
    await expect(loopback.checkUrl('http://10.0.0.1/')).rejects.toThrow(/WEBHOOK_ALLOW_PRIVATE/);
    const listed = new UrlPolicy(
      { ...STRICT, allowedHosts: ['10.20.0.0/16', 'ha.lan', '169.254.169.254'] },
      fakeDns({ 'ha.lan': ['192.168.1.5'] }),
    );
    await expect(listed.checkUrl('http://10.20.3.4/')).resolves.toBeUndefined();
    await expect(listed.checkUrl('http://ha.lan:8123/api/webhook/x')).resolves.toBeUndefined();
    await expect(listed.checkUrl('http://10.21.0.1/')).rejects.toBeInstanceOf(UrlRefusedError);
    await expect(listed.checkUrl('http://169.254.169.254/')).rejects.toThrow(/metadata/);
  });
});

describe(WebhookSender.name, () => {
  let receiver: http.Server;
  let port = 0;
  let received = 0;

  beforeAll(async () => {
    receiver = http.createServer((_req, res) => {
      received++;
      res.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  const request = (host: string) => ({
    url: `http://${host}:${String(port)}/hook`,
    secret: 'whsec_test',
    eventId: '00000000-0000-4000-8000-000000000001',
    body: '{}',
  });

  it('connects to the address it checked (a name that now resolves to loopback is refused at delivery)', async () => {
    // Passed the check when created (public address); now the name points at this host (DNS rebinding).
    const rebinding = new UrlPolicy(STRICT, fakeDns({ 'rebind.test': ['127.0.0.1'] }));
    const refused = await new WebhookSender(rebinding, { timeoutMs: 5000, userAgent: 'test' }).send(
      request('rebind.test'),
    );
    expect(refused).toMatchObject({ ok: false, refused: true, statusCode: null });
    expect(received).toBe(0);

    const allowed = new UrlPolicy(
      { ...STRICT, allowedHosts: ['receiver.test'] },
      fakeDns({ 'receiver.test': ['127.0.0.1'] }),
    );
    const sent = await new WebhookSender(allowed, { timeoutMs: 5000, userAgent: 'test' }).send(
      request('receiver.test'),
    );
    expect(sent).toMatchObject({ ok: true, statusCode: 200 });
    expect(received).toBe(1);
  });
});
