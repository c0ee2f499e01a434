#!/usr/bin/env node
/* global process, console, fetch */
// The API half of scripts/ci/compose-smoke.sh: talks to the stack through its published port only.
//   compose-smoke-api.mjs enroll NAME           → prints the new person's id (one random 512-d face, JSON)
//   compose-smoke-api.mjs identify NAME STATUS… → identifies NAME's face; fails unless the status is one of STATUS
//   compose-smoke-api.mjs person ID             → fails unless the person exists
//   compose-smoke-api.mjs edge-key NAME         → prints a new edge-scope key
//   compose-smoke-api.mjs attended ID CAMERA    → fails unless the person with external id ID (a folder
//                                                enrollment's folder name) has an attendance event from CAMERA
//   compose-smoke-api.mjs ready                 → fails unless /health/ready answers 200 with the database up
// BASE_URL and API_KEY (admin) come from the environment. Faces are derived from the name, so a later call
// (even after the stack was recreated) sends the same face again.
import { createHash } from 'node:crypto';

const MODEL = 'smoke-512';
const DIMENSION = 512;
const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
const apiKey = process.env.API_KEY ?? '';

/** A unit vector determined by `seed` (SHA-256 counter mode → values in [-1, 1]). */
function faceOf(seed) {
  const values = [];
  for (let block = 0; values.length < DIMENSION; block += 1) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    for (let i = 0; i < digest.length && values.length < DIMENSION; i += 2) {
      values.push(digest.readUInt16BE(i) / 32767.5 - 1);
    }
  }
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

async function call(method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'x-api-key': apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, text };
}

function expectStatus(answer, wanted, what) {
  if (answer.status !== wanted) {
    throw new Error(`${what}: HTTP ${answer.status} (wanted ${wanted}): ${answer.text.slice(0, 300)}`);
  }
  return answer.json;
}

const commands = {
  async enroll(name) {
    const body = { name, templates: { model: MODEL, embeddings: [faceOf(name)] } };
    console.log(expectStatus(await call('POST', '/v1/people', body), 201, `enroll ${name}`).id);
  },
  async identify(name, ...statuses) {
    const body = { camera_id: 'smoke-api', model: MODEL, faces: [{ embedding: faceOf(name) }] };
    const result = expectStatus(await call('POST', '/v1/identify', body), 200, `identify ${name}`).results[0];
    if (!statuses.includes(result.status) || result.person?.name !== name) {
      throw new Error(`identify ${name}: ${result.status} as ${result.person?.name ?? 'nobody'}`);
    }
    console.log(`${name}: ${result.status} (similarity ${result.similarity.toFixed(3)})`);
  },
  async person(id) {
    const person = expectStatus(await call('GET', `/v1/people/${id}`), 200, `person ${id}`);
    console.log(`${person.name}: still there`);
  },
  async 'edge-key'(name) {
    const body = { name, scopes: ['edge'] };
    console.log(expectStatus(await call('POST', '/v1/api-keys', body), 201, `edge key ${name}`).key);
  },
  async attended(externalId, camera) {
    const list = expectStatus(await call('GET', '/v1/attendance?limit=100'), 200, 'attendance');
    const event = list.items.find(
      (item) => item.camera_id === camera && item.person.external_id === externalId,
    );
    if (!event) {
      throw new Error(`no attendance of ${externalId} from ${camera}: ${JSON.stringify(list.items)}`);
    }
    console.log(`${event.person.name}: recorded by ${camera} at ${event.recorded_at}`);
  },
  async ready() {
    const answer = await call('GET', '/health/ready');
    expectStatus(answer, 200, 'readiness');
    console.log(`ready: ${answer.text.slice(0, 200)}`);
  },
};

const [command, ...args] = process.argv.slice(2);
const run = commands[command ?? ''];
if (!run) {
  console.error(`usage: compose-smoke-api.mjs ${Object.keys(commands).join('|')} …`);
  process.exit(2);
}
try {
  await run(...args);
} catch (error) {
  console.error(`compose smoke: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
