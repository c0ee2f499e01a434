/**
 * The HTTPS half of scripts/ci/compose-smoke.sh: the dashboard and the kiosk of the running compose stack,
 * opened in Chromium through the stack's HTTPS proxy (Caddy, `tls internal`). Chromium's fake camera plays
 * photos of a person; the dashboard enrolls them from three other photos, the kiosk must record them.
 *
 * The site is a LAN name, not localhost (which browsers treat as secure even over plain HTTP), resolved to
 * 127.0.0.1 by the test. The proxy's local CA is trusted the way a test can: Node verifies the served chain
 * against the CA's root (as a tablet that imported root.crt would), and Chromium is told the chain's public
 * keys (--ignore-certificate-errors-spki-list) instead of importing the root into a profile.
 *
 *   HTTPS_BASE=https://kiosk.smoke.test:8443 API_KEY=<admin> CA_ROOT=root.crt \
 *     CA_INTERMEDIATE=intermediate.crt npx tsx scripts/ci/compose-smoke-kiosk.ts
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { artifactPath, lfwPhoto } from '../../apps/server/test/ui/support/artifacts.js';
import { launchChromium } from '../../apps/server/test/ui/support/chromium.js';
import { y4mFromPhotos } from '../../apps/server/test/ui/support/fake-camera-video.js';

const PERSON = { folder: 'Norah_Jones', name: 'Norah Jones' };
const CAMERA = 'kiosk-https';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const base = required('HTTPS_BASE');
const adminKey = required('API_KEY');
const rootPem = readFileSync(required('CA_ROOT'), 'utf8');
const intermediatePem = readFileSync(required('CA_INTERMEDIATE'), 'utf8');
const siteName = new URL(base).hostname;

/** The site's name resolves to this machine, for Node as for Chromium (--host-resolver-rules). */
const lookup = ((_hostname, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}) as LookupFunction;

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo: Chromium's form for a trusted key. */
const spkiHash = (certificate: X509Certificate) =>
  createHash('sha256')
    .update(certificate.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');

/** A request verified against the local CA's root only; answers the status, body and served leaf. */
function trustedRequest(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: string; leaf: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const headers = { 'x-api-key': adminKey, 'content-type': 'application/json' };
    const req = request(`${base}${path}`, { method, ca: rootPem, headers, lookup, agent: false }, (res) => {
      // Read while the response still holds its socket: it is released once the body has ended. A fresh
      // connection each time (no agent): a resumed TLS session would not present the certificate again.
      const leaf = (res.socket as TLSSocket).getPeerX509Certificate();
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (!leaf) {
          reject(new Error('no peer certificate'));
          return;
        }
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), leaf });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function main(): Promise<void> {
  const health = await trustedRequest('GET', '/health/ready');
  if (health.status !== 200) throw new Error(`/health/ready over HTTPS: ${health.status}`);
  const root = new X509Certificate(rootPem);
  if (!health.leaf.checkIssued(new X509Certificate(intermediatePem))) {
    throw new Error('the served certificate is not issued by the proxy CA');
  }
  console.log(`https: ${base} serves ${health.leaf.subjectAltName ?? '?'}, chain to ${root.subject}`);

  const video = y4mFromPhotos([lfwPhoto(PERSON.folder, 4), lfwPhoto(PERSON.folder, 5)]);
  const trusted = [root, new X509Certificate(intermediatePem), health.leaf].map(spkiHash).join(',');
  const browser = await launchChromium([
    `--ignore-certificate-errors-spki-list=${trusted}`,
    `--host-resolver-rules=MAP ${siteName} 127.0.0.1`,
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  try {
    const dashboard = await browser.context.newPage();
    dashboard.on('pageerror', (error) => console.log('dashboard page error:', error.message));
    await dashboard.goto(`${base}/ui/`);
    await dashboard.fill('input[name=api_key]', adminKey);
    await dashboard.click('#login-form button[type=submit]');
    await dashboard
      .click('#nav button[data-view=people]')
      .finally(() => dashboard.screenshot({ path: artifactPath('dashboard-https.png') }));
    await dashboard.click('#people-view button:has-text("Add person")');
    await dashboard.fill('dialog input[name=name]', PERSON.name);
    await dashboard.click('dialog button[type=submit]');
    await dashboard
      .locator('#people-view tbody tr', { hasText: PERSON.name })
      .locator('button:has-text("Enroll photos")')
      .click();
    await dashboard.setInputFiles(
      'dialog input[type=file]',
      [1, 2, 3].map((i) => lfwPhoto(PERSON.folder, i)),
    );
    await dashboard.click('dialog button[type=submit]');
    await dashboard.locator('dialog li', { hasText: 'Enrolled 3 face(s).' }).waitFor({ timeout: 180_000 });
    await dashboard.close();
    console.log(`https: ${PERSON.name} enrolled through the dashboard`);

    const created = await trustedRequest('POST', '/v1/api-keys', { name: CAMERA, scopes: ['edge'] });
    if (created.status !== 201) throw new Error(`edge key: ${created.status} ${created.body}`);
    const edgeKey = (JSON.parse(created.body) as { key: string }).key;
    const kiosk = await browser.context.newPage();
    kiosk.on('pageerror', (error) => console.log('kiosk page error:', error.message));
    await kiosk.goto(`${base}/kiosk`);
    const secure = await kiosk.evaluate(() => (globalThis as { isSecureContext?: boolean }).isSecureContext);
    if (!secure) throw new Error('the kiosk page is not a secure context');
    await kiosk.fill('input[name=api_key]', edgeKey);
    await kiosk.fill('input[name=camera_id]', CAMERA);
    await kiosk.selectOption('select[name=liveness]', 'off');
    await kiosk.uncheck('input[name=challenge]');
    await kiosk.click('#setup-form button[type=submit]');
    await kiosk
      .locator('#feedback[data-kind=ok]', { hasText: PERSON.name })
      .waitFor({ timeout: 180_000 })
      .finally(() => kiosk.screenshot({ path: artifactPath('kiosk-https.png') }));

    const history = await trustedRequest('GET', `/v1/attendance?camera_id=${CAMERA}`);
    const names = (JSON.parse(history.body) as { items: { person: { name: string } }[] }).items.map(
      (item) => item.person.name,
    );
    if (names.join() !== PERSON.name) throw new Error(`attendance of ${CAMERA}: ${names.join() || 'none'}`);
    console.log(`https: the kiosk recorded ${PERSON.name} over HTTPS`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(`compose smoke (https): ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
