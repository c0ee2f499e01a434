import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeJpeg } from '@attendance/vision/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from './support/run-cli.js';
import { MODELS_DIR, SHARED_DIR, photosOf, lfwPeople } from './support/shared-fixtures.js';

/** Generous: these tests spawn the CLI and run real models on a shared 2-core machine. */
const TIMEOUT_MS = 60_000;

const FaceLineSchema = z.strictObject({
  file: z.string(),
  model: z.string(),
  dim: z.number(),
  embedding: z.array(z.number()),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  score: z.number(),
  landmarks: z.array(z.tuple([z.number(), z.number()])).length(5),
  quality: z.object({ ok: z.boolean(), reasons: z.array(z.string()) }).passthrough(),
});

describe('embed', () => {
  let workDir: string;
  let blank: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'edge-embed-'));
    blank = path.join(workDir, 'wall.jpg');
    const wall = { width: 160, height: 120, data: new Uint8Array(160 * 120 * 3).fill(150) };
    writeFileSync(blank, await encodeJpeg(wall, 90));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it(
    'prints one JSON line per face, {faces: 0} without a face, and exits 1 for an unreadable input',
    async () => {
      const [person] = lfwPeople();
      const [photoA, photoB] = photosOf(person ?? '');
      const group = path.join(SHARED_DIR, 'faces/group/couple.jpg');
      const missing = path.join(workDir, 'missing.jpg');
      const run = await runCli(
        [
          'embed',
          '--recognizer',
          'mobilefacenet_128d.onnx',
          String(photoA),
          blank,
          group,
          missing,
          String(photoB),
        ],
        { env: { MODELS_DIR, DET_SIZE: '320' }, cwd: workDir },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${missing}: cannot read image`);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((line) => line['file'] === blank)).toEqual({ file: blank, faces: 0 });
      const faces = lines.filter((line) => 'embedding' in line).map((line) => FaceLineSchema.parse(line));
      expect(faces.filter((face) => face.file === group)).toHaveLength(2);
      const [a, b] = [photoA, photoB].map((file) => faces.find((face) => face.file === file));
      expect(a?.dim).toBe(128);
      expect(a?.embedding).toHaveLength(128);
      expect(a?.model).toMatch(/^mobilefacenet-128@/);
      expect(Math.hypot(...(a?.embedding ?? []))).toBeCloseTo(1, 3);
      // Two photos of the same person are closer than chance.
      const cosine = (a?.embedding ?? []).reduce((sum, v, i) => sum + v * (b?.embedding[i] ?? 0), 0);
      expect(cosine).toBeGreaterThan(0.3);
    },
    TIMEOUT_MS,
  );

  it(
    'with no pack configured, embeds with the licence-clean recognizer (open-256)',
    async () => {
      const [photo] = photosOf(lfwPeople()[0] ?? '');
      const run = await runCli(['embed', String(photo)], { env: { MODELS_DIR }, cwd: workDir });
      expect(run.code, run.stderr).toBe(0);
      const face = FaceLineSchema.parse(JSON.parse(run.stdout.trim().split('\n')[0] ?? '{}'));
      expect(face.model).toBe('intel-reid-0095-256@20c1601d');
      expect(face.dim).toBe(256);
      expect(run.stderr).toMatch(/intel-reid-0095-256@20c1601d \(dim 256\), threshold 0\.46/);
    },
    TIMEOUT_MS,
  );

  it(
    'reads relative paths from the directory npm was run from (INIT_CWD), and prints them as given',
    async () => {
      const run = await runCli(['embed', '--recognizer', 'mobilefacenet_128d.onnx', 'wall.jpg'], {
        env: { MODELS_DIR, INIT_CWD: workDir },
        cwd: tmpdir(),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout.trim())).toEqual({ file: 'wall.jpg', faces: 0 });
    },
    TIMEOUT_MS,
  );
});
