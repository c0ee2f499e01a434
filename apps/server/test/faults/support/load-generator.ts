/**
 * @module Simulated entrance cameras hammering `POST /v1/identify` over real sockets: each camera sends at
 * a fixed rate (or as fast as answers come back when it falls behind), with a mix of strangers, people
 * already recorded (inside the cooldown) and people seen for the first time. Every answer is checked
 * against what the sender knows, so "0 errors" means 0 wrong answers too, not just 0 non-200s.
 */
import { IdentifyResponseSchema, encodeEmbedding } from '@attendance/protocol';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../../support/embeddings.js';
import { PLAN_MODEL } from './sighting-plan.js';

export interface LoadOptions {
  baseUrl: string;
  /** One edge key per camera (each entrance has its own). */
  cameraKeys: readonly string[];
  /** Enrolled faces and their person ids, same order. */
  people: readonly (readonly number[])[];
  personIds: readonly string[];
  durationMs: number;
  /** Identify requests per second per camera; 0 = back to back. */
  ratePerCamera: number;
  /** Share of requests that show a stranger (answer must be `unknown`). */
  strangerShare: number;
  /** Share of requests that show a person never seen before (while any remain). */
  newPersonShare: number;
  seed: number;
  /** People already sighted by an earlier run against the same server (they count as arrived). */
  arrived?: number;
}

export interface LoadReport {
  requests: number;
  /** Non-200 answers, network failures and answers that contradict what was sent. */
  errors: number;
  errorSamples: string[];
  statuses: Record<string, number>;
  /** Per-request latency in ms, in completion order. */
  latenciesMs: number[];
  elapsedMs: number;
  /** People sighted at least once (so far, including earlier runs): the events the database must hold. */
  arrived: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const random = seededRandom(options.seed);
  const report: LoadReport = {
    requests: 0,
    errors: 0,
    errorSamples: [],
    statuses: {},
    latenciesMs: [],
    elapsedMs: 0,
    arrived: options.arrived ?? 0,
  };
  const fail = (message: string) => {
    report.errors += 1;
    if (report.errorSamples.length < 10) report.errorSamples.push(message);
  };
  const pick = (): number | null => {
    const draw = random();
    if (draw < options.strangerShare) return null;
    const wantsNew = draw < options.strangerShare + options.newPersonShare || report.arrived === 0;
    if (wantsNew && report.arrived < options.people.length) return report.arrived++;
    return Math.floor(random() * report.arrived);
  };
  const started = performance.now();
  const deadline = started + options.durationMs;
  const intervalMs = options.ratePerCamera > 0 ? 1000 / options.ratePerCamera : 0;

  const camera = async (index: number, key: string) => {
    // Cameras start spread over one interval, as real entrances would not fire in lockstep.
    let next = started + (intervalMs * index) / options.cameraKeys.length;
    let sequence = 0;
    while (performance.now() < deadline) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      next = Math.max(next + intervalMs, performance.now());
      const person = pick();
      const face =
        person === null
          ? randomUnitVector(512, random)
          : vectorAtCosine(options.people[person] ?? [], 0.9, random);
      const body = JSON.stringify({
        camera_id: `load-cam-${String(index)}`,
        model: PLAN_MODEL,
        faces: [{ embedding: encodeEmbedding(Float32Array.from(face), 'float16') }],
        idempotency_key: `load-cam-${String(index)}-${String(options.seed)}-${String(sequence++)}`,
        captured_at: new Date().toISOString(),
      });
      const t0 = performance.now();
      try {
        const response = await fetch(`${options.baseUrl}/v1/identify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body,
        });
        const text = await response.text();
        report.latenciesMs.push(performance.now() - t0);
        report.requests += 1;
        if (response.status !== 200) {
          fail(`${String(response.status)} ${text.slice(0, 200)}`);
          continue;
        }
        const result = IdentifyResponseSchema.parse(JSON.parse(text)).results[0];
        const status = result?.status ?? 'missing';
        report.statuses[status] = (report.statuses[status] ?? 0) + 1;
        if (person === null) {
          if (status !== 'unknown') fail(`stranger answered ${status}`);
        } else if (
          (status !== 'recorded' && status !== 'already_recorded') ||
          result?.person?.id !== options.personIds[person]
        ) {
          fail(`person ${String(person)} answered ${status} (${result?.person?.id ?? 'nobody'})`);
        }
      } catch (error) {
        report.requests += 1;
        report.latenciesMs.push(performance.now() - t0);
        fail(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(options.cameraKeys.map((key, index) => camera(index, key)));
  report.elapsedMs = performance.now() - started;
  return report;
}
