import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PersonListSchema, type Person } from '@attendance/protocol';
import { DEFAULT_PACK } from '@attendance/vision';
import { decodeImageFile, encodeJpeg } from '@attendance/vision/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeE2e, type EdgeE2e } from './support/edge-e2e-fixture.js';
import { runCli } from './support/run-cli.js';
import { LFW_PEOPLE_DIR, SHARED_DIR, lfwPeople, photosOf } from './support/shared-fixtures.js';

/** Generous: these tests spawn the CLI and run real models on a shared 2-core machine. */
const TIMEOUT_MS = 240_000;
const BBT_DIR = path.join(SHARED_DIR, 'faces/bbt');

/** The default pack, the 512-d pack and the licence-clean YuNet pack (each once). */
const PACKS = [...new Set([DEFAULT_PACK, 'faceplugin-512', 'open-256'])];

describe.each(PACKS)('register from photos with the %s pack', (pack) => {
  let e2e: EdgeE2e;
  const people = async (): Promise<Person[]> =>
    (await e2e.get('/v1/people?limit=500', PersonListSchema)).items;

  beforeAll(async () => {
    e2e = await startEdgeE2e(`register-${pack}`, { MODEL_PACK: pack });
  });
  afterAll(() => e2e.close());

  it(
    'enrolls every lfw-dev person with --max-photos 2, moving past refused photos',
    async () => {
      const run = await runCli(['register', '--folder', LFW_PEOPLE_DIR, '--max-photos', '2'], {
        env: e2e.env,
        cwd: e2e.workDir,
        timeoutMs: TIMEOUT_MS,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const count = lfwPeople().length;
      expect(count).toBe(30);
      expect(run.stdout).toContain(`enrolled ${count}, duplicates 0, refused 0, failed 0 (of ${count})`);
      const photos = /photos: (\d+) used, (\d+) refused/.exec(run.stdout);
      expect(Number(photos?.[1])).toBe(2 * count);
      // Each refused photo is listed with the check it failed, its value and its limit.
      const refusals = run.stdout.split('\n').filter((line) => line.includes('      refused '));
      expect(refusals).toHaveLength(Number(photos?.[2]));
      for (const line of refusals) {
        expect(line).toMatch(/: (no face found|\d faces of similar size|.+ [<>] (minimum|maximum) [\d.]+)/);
      }
      console.info(`[${pack}] ${photos?.[0]}\n${refusals.join('\n')}`);
      const enrolled = await people();
      expect(enrolled).toHaveLength(count);
      expect(enrolled.map((person) => person.template_count)).toEqual(enrolled.map(() => 2));
    },
    TIMEOUT_MS,
  );

  it(
    'adds photos to an enrolled person named by external id, and refuses an unknown person',
    async () => {
      const [person] = lfwPeople();
      const third = photosOf(person ?? '')[4] ?? '';
      const before = (await people()).find((p) => p.external_id === person);
      const run = await runCli(['register', '--add', '--person', person ?? '', third], {
        env: e2e.env,
        cwd: e2e.workDir,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('enrolled 1, duplicates 0, refused 0, failed 0 (of 1)');
      const after = (await people()).find((p) => p.external_id === person);
      expect(after?.id).toBe(before?.id);
      expect(after?.template_count).toBe((before?.template_count ?? 0) + 1);

      const unknown = await runCli(['register', '--add', '--person', 'E-0000', third], {
        env: e2e.env,
        cwd: e2e.workDir,
      });
      expect(unknown.code).toBe(64);
      expect(unknown.stderr).toContain('no enrolled person has the id or external id "E-0000"');
    },
    TIMEOUT_MS,
  );

  it(
    'enrolls the tight bbt face crops',
    async () => {
      const run = await runCli(['register', '--folder', BBT_DIR], {
        env: e2e.env,
        cwd: e2e.workDir,
        timeoutMs: TIMEOUT_MS,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const names = readdirSync(BBT_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
      expect(run.stdout).toContain(`enrolled ${names.length}, duplicates 0, refused 0, failed 0`);
      console.info(`[${pack}] bbt: ${/photos: .*/.exec(run.stdout)?.[0] ?? 'every photo used'}`);
      const crops = (await people()).filter((person) =>
        names.some((entry) => entry.name === person.external_id),
      );
      expect(crops).toHaveLength(names.length);
      // 5 crops each; at most one refused per person.
      for (const person of crops) expect(person.template_count, person.name).toBeGreaterThanOrEqual(4);
    },
    TIMEOUT_MS,
  );

  it(
    'explains a refused photo with the failed check, its value and limit, and honours the threshold flag',
    async () => {
      const photo = await decodeImageFile(photosOf(lfwPeople()[5] ?? '')[0] ?? '');
      const dark = { ...photo, data: photo.data.map((value) => Math.round(value * 0.3)) };
      const file = path.join(e2e.workDir, 'dark.jpg');
      writeFileSync(file, await encodeJpeg(dark, 95));
      const refused = await runCli(['register', '--name', 'Dim Photo', file], {
        env: e2e.env,
        cwd: e2e.workDir,
      });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(
        /refused .*dark\.jpg: too dark: face brightness (\d+) < minimum 60 \(--min-brightness \/ QUALITY_MIN_BRIGHTNESS\)/,
      );
      const lowered = await runCli(
        ['register', '--name', 'Dim Photo', '--min-brightness', '15', '--min-sharpness', '1', file],
        {
          env: { ...e2e.env, QUALITY_MIN_BRIGHTNESS: '200' },
          cwd: e2e.workDir,
        },
      );
      // The flag beats the environment; the face is then a duplicate of the person enrolled above.
      expect(lowered.stdout).not.toContain('too dark');
      expect(lowered.stdout).toMatch(/duplicate +Dim Photo: face already enrolled/);

      // --max-photos takes the first photos that pass: the dark one is refused, the next used, the last unread.
      const person = lfwPeople()[5] ?? '';
      const [, , , fourth, fifth] = photosOf(person);
      const added = await runCli(
        ['register', '--add', '--person', person, '--max-photos', '1', file, fourth ?? '', fifth ?? ''],
        { env: e2e.env, cwd: e2e.workDir },
      );
      expect(added.code, added.stdout + added.stderr).toBe(0);
      expect(added.stdout).toContain('photos: 1 used, 1 refused (too_dark 1), 1 not needed');
    },
    TIMEOUT_MS,
  );
});
