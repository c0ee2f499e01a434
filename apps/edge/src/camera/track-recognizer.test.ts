import type { FaceResult } from '@attendance/protocol';
import { describe, expect, it } from 'vitest';
import type { DispatchOutcome } from '../queue/identify-dispatcher.js';
import { answeredOutcome, faceResult } from '../../test/support/identify-outcomes.js';
import { faceOverlay } from './face-label.js';
import { TrackRecognizer, type RecognitionPolicy } from './track-recognizer.js';

const policy: RecognitionPolicy = {
  framesToFuse: 3,
  bestOfSamples: 2,
  maxWaitMs: 1000,
  knownTtlMs: 10_000,
  unknownTtlMs: 2_000,
  errorRetryMs: 3_000,
};
const sample = (x: number, quality = 0.9) => ({ embedding: Float32Array.from([x, 1 - x]), quality });
const result = (status: FaceResult['status']) => faceResult(status);
const answered = (status: FaceResult['status']) => answeredOutcome(status);

/** A hand-written fake of the dispatcher: records probes and answers with a scripted outcome. */
function fakeSender(outcome: () => DispatchOutcome) {
  const sent: { trackId: string; embedding: Float32Array }[] = [];
  const send = (trackId: string, embedding: Float32Array) => {
    sent.push({ trackId, embedding });
    return Promise.resolve(outcome());
  };
  return { sent, send };
}

describe(TrackRecognizer.name, () => {
  it('asks once per track after enough good frames, with the fused embedding', async () => {
    const fake = fakeSender(() => answered('recorded'));
    const sut = new TrackRecognizer(policy, fake.send);
    sut.observe('t1', sample(1), 0);
    sut.observe('t1', null, 10); // refused frame: not a sample
    sut.observe('t1', sample(1), 20);
    expect(fake.sent).toHaveLength(0);
    sut.observe('t1', sample(0, 0.1), 30);
    expect(sut.status('t1').kind).toBe('pending');
    await sut.settle();
    for (let t = 40; t < 200; t += 10) sut.observe('t1', sample(1), t);
    expect(fake.sent).toHaveLength(1);
    // Best two of three by quality: both [1, 0]; the low-quality [0, 1] sample is left out.
    expect(Array.from(fake.sent[0]?.embedding ?? [])).toEqual([1, 0]);
    expect(sut.status('t1')).toMatchObject({ kind: 'resolved', result: { status: 'recorded' } });
  });

  it('asks with fewer samples after maxWaitMs and again once an unknown answer expires', async () => {
    const fake = fakeSender(() => answered('unknown'));
    const sut = new TrackRecognizer(policy, fake.send);
    sut.observe('t1', sample(1), 0);
    sut.observe('t1', sample(1), 1000);
    await sut.settle();
    expect(fake.sent).toHaveLength(1);
    const until = (sut.status('t1') as { until: number }).until;
    sut.observe('t1', sample(1), until - 1);
    expect(fake.sent).toHaveLength(1);
    for (let i = 0; i < 3; i++) sut.observe('t1', sample(1), until + i);
    expect(fake.sent).toHaveLength(2);
  });

  it('keeps a queued track waiting and applies the replayed answer later', async () => {
    const fake = fakeSender(() => ({ kind: 'queued', reason: 'connect ECONNREFUSED' }));
    const sut = new TrackRecognizer(policy, fake.send);
    for (let i = 0; i < 3; i++) sut.observe('t1', sample(1), i);
    await sut.settle();
    expect(sut.status('t1').kind).toBe('queued');
    for (let i = 0; i < 10; i++) sut.observe('t1', sample(1), 100 + i);
    expect(fake.sent).toHaveLength(1);
    sut.applyLateResult('t1', result('recorded'), 200);
    expect(faceOverlay([0, 0, 10, 10], sut.status('t1'), [])).toMatchObject({ color: 'green' });
  });

  it('shows refusals in red with their reason and server errors as errors, then forgets ended tracks', async () => {
    const fake = fakeSender(() => ({ kind: 'rejected', reason: '401 unauthorized: invalid API key' }));
    const sut = new TrackRecognizer(policy, fake.send);
    expect(faceOverlay([0, 0, 1, 1], sut.status('t1'), ['too_dark'])).toEqual({
      box: [0, 0, 1, 1],
      color: 'red',
      label: 'TOO DARK',
    });
    for (let i = 0; i < 3; i++) sut.observe('t1', sample(1), i);
    expect(faceOverlay([0, 0, 1, 1], sut.status('t1'), []).color).toBe('yellow');
    await sut.settle();
    expect(faceOverlay([0, 0, 1, 1], sut.status('t1'), []).label).toContain('401 unauthorized');
    sut.forget(['t1']);
    expect(sut.status('t1').kind).toBe('collecting');
  });

  it('asks about a track that leaves before it has enough samples, and only once', async () => {
    const fake = fakeSender(() => answered('recorded'));
    const sut = new TrackRecognizer(policy, fake.send);
    sut.observe('walker', sample(1), 0);
    sut.observe('refused-only', null, 0);
    sut.forget(['walker', 'refused-only']);
    await sut.settle();
    expect(fake.sent.map((probe) => probe.trackId)).toEqual(['walker']);
    expect(sut.trackIds).toEqual([]);
  });
});
