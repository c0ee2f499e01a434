import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { AttendanceEvent, Person } from '@attendance/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/server-process.js';
import { artifactPath, lfwPhoto } from './support/artifacts.js';
import { launchChromium } from './support/chromium.js';
import { y4mFromPhotos } from './support/fake-camera-video.js';
import { ensureWebBuild } from './support/web-build.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/**
 * The README's commands, as written. `.env` lines become the environment of the server and the CLI (both
 * read the process environment over `.env`), so the test leaves the repository's own `.env` alone; the
 * download is replaced by the README's alternative for files already on disk (no internet here).
 */
const ENV_LINES = {
  MODEL_PACK: 'echo "MODEL_PACK=open-256" >> .env',
  MODELS_DIR: 'echo "MODELS_DIR=../shared/models" >> .env',
};
const README_ENV = { MODEL_PACK: 'open-256', MODELS_DIR: '../shared/models' };
const REGISTER = 'npx attendance register --folder ../shared/faces/lfw-dev/people --max-photos 2';
const EDGE_KEY = 'npx attendance keys create --role edge --name kiosk-1';
const PERSON = { folder: 'Bill_McBride', name: 'Bill McBride', dialogPhoto: 3, cameraPhoto: 4 };

interface RunningServer {
  baseUrl: string;
  adminKey: string;
  log: () => string;
  stop(): Promise<void>;
}

/** `npm start` as the README runs it, from the repository root (the web app is already built). */
async function npmStart(env: Record<string, string>, dataDir: string): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('npm', ['run', '-s', 'start', '-w', '@attendance/server'], {
    cwd: REPO_ROOT,
    env: { ...cleanEnv(), ...env, DATA_DIR: dataDir, PORT: String(port), LOG_FILE: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
  };
  for (let attempt = 0; !output.includes('server ready'); attempt++) {
    if (child.exitCode !== null || attempt > 240) {
      await stop();
      throw new Error(`server did not start:\n${output}`);
    }
    await sleep(500);
  }
  const adminKey = readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim();
  return { baseUrl, adminKey, log: () => output, stop };
}

/** The environment without anything that would configure the server or CLI behind the README's back. */
function cleanEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return Object.fromEntries(keep.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}

/** A README command line run from the repository root through a shell. */
function run(command: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn('sh', ['-c', command], { cwd: REPO_ROOT, env: { ...cleanEnv(), ...env } });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out })));
}

async function api<T>(server: RunningServer, route: string): Promise<T> {
  const response = await fetch(`${server.baseUrl}${route}`, { headers: { 'x-api-key': server.adminKey } });
  expect(response.status, route).toBe(200);
  return (await response.json()) as T;
}

async function signIn(page: Page, server: RunningServer): Promise<void> {
  // Cookies are per host, not per port: drop the kiosk's edge session of an earlier server.
  await page.context().clearCookies();
  await page.goto(`${server.baseUrl}/ui/`);
  await page.fill('input[name=api_key]', server.adminKey);
  await page.click('#login-form button[type=submit]');
  await page.locator('button:has-text("Sign out")').waitFor();
}

async function startKiosk(page: Page, server: RunningServer, key: string, cameraId: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${server.baseUrl}/kiosk`);
  await page.fill('input[name=api_key]', key);
  await page.fill('input[name=camera_id]', cameraId);
  await page.uncheck('input[name=challenge]');
  await page.click('#setup-form button[type=submit]');
}

describe('README quick start followed literally, with the dashboard and the kiosk in Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const dataDirs: string[] = [];
  const freshDataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'attendance-readme-'));
    dataDirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    for (const line of [...Object.values(ENV_LINES), REGISTER, EDGE_KEY]) expect(README).toContain(line);
    expect(README).toContain('export API_KEY=$(cat data/admin-api-key)');
    await ensureWebBuild();
    const video = y4mFromPhotos([lfwPhoto(PERSON.folder, PERSON.cameraPhoto)]);
    browser = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'register, the enroll dialog and the kiosk record the same person with the server’s models',
    { timeout: 600_000 },
    async () => {
      const server = await npmStart(README_ENV, freshDataDir());
      try {
        const cli = { ...README_ENV, SERVER_URL: server.baseUrl, API_KEY: server.adminKey };
        const registered = await run(REGISTER, cli);
        const people = (await api<{ items: Person[] }>(server, '/v1/people?limit=200')).items;
        const person = people.find((p) => p.name === PERSON.name);
        expect(person?.template_count, registered.out).toBe(2);
        expect(people.every((p) => p.template_count > 0)).toBe(true);
        console.log(`register: ${people.length} people enrolled (exit ${registered.code})`);

        const created = await run(EDGE_KEY, cli);
        expect(created.code, created.out).toBe(0);
        const edgeKey = created.out.trim().split('\n').at(-1) ?? '';

        const dashboard = await browser.context.newPage();
        await signIn(dashboard, server);
        await dashboard.click('#nav button[data-view=people]');
        await dashboard
          .locator('#people-view tbody tr', { hasText: PERSON.name })
          .locator('button:has-text("Enroll photos")')
          .click();
        await dashboard.locator('dialog .model-status[data-state=ready]').waitFor({ timeout: 60_000 });
        await dashboard.setInputFiles('dialog input[type=file]', lfwPhoto(PERSON.folder, PERSON.dialogPhoto));
        await dashboard.click('dialog button[type=submit]');
        await dashboard.locator('dialog li', { hasText: 'Enrolled 1 face(s).' }).waitFor({ timeout: 90_000 });
        await dashboard.close();

        const kiosk = await browser.context.newPage();
        await startKiosk(kiosk, server, edgeKey, 'readme-kiosk');
        await kiosk
          .locator('#feedback[data-kind=ok]', { hasText: PERSON.name })
          .waitFor({ timeout: 120_000 })
          .finally(() => kiosk.screenshot({ path: artifactPath('readme-kiosk.png') }));
        await kiosk.close();
        const events = await api<{ items: AttendanceEvent[] }>(
          server,
          '/v1/attendance?camera_id=readme-kiosk',
        );
        expect(events.items.map((event) => event.person.name)).toEqual([PERSON.name]);
      } finally {
        await server.stop();
      }
    },
  );

  it(
    'without the model files: the kiosk and the enroll dialog name the fix within 5 s, Status is red',
    { timeout: 300_000 },
    async () => {
      const emptyModels = freshDataDir();
      const server = await npmStart({ ...README_ENV, MODELS_DIR: emptyModels }, freshDataDir());
      try {
        expect(server.log()).toContain('npx attendance models download open-256');
        const cli = {
          ...README_ENV,
          MODELS_DIR: emptyModels,
          SERVER_URL: server.baseUrl,
          API_KEY: server.adminKey,
        };
        const edgeKey = (await run(EDGE_KEY, cli)).out.trim().split('\n').at(-1) ?? '';

        const kiosk = await browser.context.newPage();
        await startKiosk(kiosk, server, edgeKey, 'no-models');
        const kioskStart = Date.now();
        await kiosk
          .locator('#feedback-title', { hasText: 'Face models unavailable' })
          .waitFor({ timeout: 5000 });
        expect(Date.now() - kioskStart).toBeLessThan(5000);
        expect(await kiosk.textContent('#feedback-detail')).toContain('models download open-256');
        await kiosk.screenshot({ path: artifactPath('readme-kiosk-no-models.png') });
        await kiosk.close();

        // A person added earlier without a face: the enroll dialog says at once why it cannot work.
        const added = await fetch(`${server.baseUrl}/v1/people`, {
          method: 'POST',
          headers: { 'x-api-key': server.adminKey, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Earlier Person' }),
        });
        expect(added.status).toBe(201);
        const dashboard = await browser.context.newPage();
        await signIn(dashboard, server);
        await dashboard.click('#nav button[data-view=people]');
        await dashboard
          .locator('#people-view tbody tr', { hasText: 'Earlier Person' })
          .locator('button:has-text("Enroll photos")')
          .click();
        const enrollStart = Date.now();
        await dashboard.locator('dialog .model-status[data-state=error]').waitFor({ timeout: 5000 });
        expect(Date.now() - enrollStart).toBeLessThan(5000);
        expect(await dashboard.textContent('dialog .model-status')).toContain('models download open-256');
        expect(await dashboard.isDisabled('dialog button[type=submit]')).toBe(true);
        await dashboard.click('dialog button:has-text("Close")');

        // Adding a person with photos needs the models too: the dialog says so and creates nobody faceless.
        await dashboard.click('#people-view button:has-text("Add person")');
        const dialogStart = Date.now();
        await dashboard.locator('dialog .model-status[data-state=error]').waitFor({ timeout: 5000 });
        expect(Date.now() - dialogStart).toBeLessThan(5000);
        expect(await dashboard.textContent('dialog .model-status')).toContain('models download open-256');
        expect(await dashboard.isDisabled('dialog input[type=file]')).toBe(true);
        await dashboard.click('dialog button:has-text("Cancel")');

        await dashboard.click('#nav button[data-view=status]');
        await dashboard.locator('#model-status[data-status=missing]').waitFor({ timeout: 5000 });
        expect(await dashboard.textContent('#model-alert')).toContain('models download open-256');
        await dashboard.screenshot({ path: artifactPath('readme-status-no-models.png') });
        const people = (await api<{ items: Person[] }>(server, '/v1/people')).items;
        expect(people.map((p) => [p.name, p.template_count])).toEqual([['Earlier Person', 0]]);
      } finally {
        await server.stop();
      }
    },
  );
});
