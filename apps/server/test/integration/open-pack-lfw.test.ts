import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CALIBRATED_THRESHOLDS, type IdentifyResponse } from '@attendance/protocol';
import type { DetectedFace, FacePipeline, RgbImage } from '@attendance/vision';
import { decodeImageFile, loadNodePipeline } from '@attendance/vision/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SHARED = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');
const LFW = join(process.env.FACES_DIR ?? join(SHARED, 'faces'), 'lfw-dev');
const MODELS_DIR = process.env.MODELS_DIR ?? join(SHARED, 'models');

/** Embedding of the face nearest the photo's centre (LFW photos are centred on the labelled person). */
async function embedCentral(pipeline: FacePipeline, path: string): Promise<number[]> {
  const image: RgbImage = await decodeImageFile(path);
  const offCentre = (f: DetectedFace) =>
    Math.hypot((f.box[0] + f.box[2] - image.width) / 2, (f.box[1] + f.box[3] - image.height) / 2);
  const face = (await pipeline.detect(image)).sort((a, b) => offCentre(a) - offCentre(b))[0];
  if (!face) throw new Error(`no face in ${path}`);
  const [embedding] = await pipeline.embedFaces(image, [face]);
  return Array.from(embedding as Float32Array);
}

/**
 * The licence-clean pack (YuNet + Intel face-reidentification-retail-0095) end to end through the real
 * server over HTTP: enroll 2 lfw-dev photos per person, identify the other 4 and 200 strangers, at the
 * server's default (calibrated) threshold for that model.
 */
describe('licence-clean pack open-256: lfw-dev through the real server', () => {
  let server: TestServer;
  let pipeline: FacePipeline;
  let edgeKey: string;

  beforeAll(async () => {
    [server, pipeline] = await Promise.all([
      startTestServer({ driver: 'postgres', listen: true }),
      loadNodePipeline({ modelsDir: MODELS_DIR, pack: 'open-256', threads: 1 }),
    ]);
    edgeKey = (await createApiKey(server, 'edge')).key;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([server?.close(), pipeline?.dispose()]);
  });

  const post = async (url: string, key: string, body: unknown) => {
    const response = await fetch(`${server.baseUrl as string}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const identify = async (embedding: number[], trackId: string) => {
    const response = await post('/v1/identify', edgeKey, {
      camera_id: 'lfw-door',
      model: pipeline.modelId,
      faces: [{ embedding, track_id: trackId }],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as IdentifyResponse;
  };

  it('identifies ≥ 98 % of genuine probes and accepts no stranger', async () => {
    expect(pipeline.modelId).toBe('intel-reid-0095-256@20c1601d');
    const people = (await readdir(join(LFW, 'people'))).sort();
    const probes: { person: string; id: string; embedding: number[] }[] = [];
    for (const person of people) {
      const files = (await readdir(join(LFW, 'people', person))).sort();
      const embeddings = await Promise.all(
        files.map((f) => embedCentral(pipeline, join(LFW, 'people', person, f))),
      );
      const enrolled = await post('/v1/people', server.adminKey, {
        name: person.replaceAll('_', ' '),
        templates: { model: pipeline.modelId, embeddings: embeddings.slice(0, 2) },
      });
      expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
      const { id } = enrolled.body as { id: string };
      for (const embedding of embeddings.slice(2)) probes.push({ person, id, embedding });
    }

    let identified = 0;
    const misses: string[] = [];
    for (const [i, probe] of probes.entries()) {
      const { threshold, results } = await identify(probe.embedding, `p${i}`);
      expect(threshold).toBe(CALIBRATED_THRESHOLDS[pipeline.modelId]);
      const [result] = results;
      const known = result?.status === 'recorded' || result?.status === 'already_recorded';
      if (known && result.person?.id === probe.id) identified++;
      else {
        misses.push(
          `${probe.person}: ${result?.status} ${result?.person?.name ?? ''} ${result?.similarity?.toFixed(3)}`,
        );
      }
    }

    const strangerFiles = (await readdir(join(LFW, 'strangers'))).sort();
    const accepted: string[] = [];
    let highest = -1;
    for (const [i, file] of strangerFiles.entries()) {
      const { results } = await identify(await embedCentral(pipeline, join(LFW, 'strangers', file)), `s${i}`);
      const [result] = results;
      highest = Math.max(highest, result?.similarity ?? -1);
      if (result?.status !== 'unknown' && result?.status !== 'ambiguous') {
        accepted.push(`${file} → ${result?.person?.name}`);
      }
    }

    console.info(
      `[open-256 via server] threshold ${CALIBRATED_THRESHOLDS[pipeline.modelId]}: identified ${identified}/${probes.length} ` +
        `(${((100 * identified) / probes.length).toFixed(1)} %), strangers accepted ${accepted.length}/${strangerFiles.length} ` +
        `(highest stranger similarity ${highest.toFixed(3)}); misses: ${misses.join('; ') || 'none'}`,
    );
    expect(probes).toHaveLength(120);
    expect(strangerFiles).toHaveLength(200);
    expect(identified / probes.length).toBeGreaterThanOrEqual(0.98);
    expect(accepted).toEqual([]);
    // Nothing was recorded for a stranger: one attendance event per identified person at most.
    const events = await server.db.query('SELECT count(*)::int AS n FROM attendance_event');
    expect((events.rows[0] as { n: number }).n).toBeLessThanOrEqual(people.length);
  }, 300_000);
});
