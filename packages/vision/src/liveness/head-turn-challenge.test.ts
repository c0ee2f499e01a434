import { describe, expect, it } from 'vitest';
import type { Point } from '../types.js';
import {
  HeadTurnChallenge,
  randomTurnDirection,
  type HeadTurnChallengeOptions,
  type HeadTurnFrame,
  type HeadTurnStatus,
} from './head-turn-challenge.js';

/** Upright face, eye distance 32 px: nose shifted by yaw · 32 (image x; > 0 = the person's left). */
function face(yaw: number): Point[] {
  return [
    [40, 50],
    [72, 50],
    [56 + yaw * 32, 70],
    [44, 90],
    [68, 90],
  ];
}

const alice = Float32Array.from([0.8, 0.6, 0, 0]);
const aliceAgain = Float32Array.from([0.78, 0.62, 0.1, 0]); // cosine ≈ 0.99
const bob = Float32Array.from([0, 0.6, 0.8, 0]); // cosine with alice 0.36

const options: HeadTurnChallengeOptions = {
  direction: 'left',
  timeoutMs: 5000,
  yawThreshold: 0.25,
  identityThreshold: 0.5,
};

/** Feeds `[yaw, embedding?, trackId?]` frames 100 ms apart; returns every status. */
function run(challenge: HeadTurnChallenge, script: [number, Float32Array?, string?][]): HeadTurnStatus[] {
  return script.map(([yaw, embedding, trackId], i) => {
    const frame: HeadTurnFrame = { timeMs: 1000 + i * 100, trackId: trackId ?? 't1', landmarks: face(yaw) };
    if (embedding) frame.embedding = embedding;
    return challenge.update(frame);
  });
}

describe('HeadTurnChallenge', () => {
  it('passes: frontal start, turn to the asked side, back with the same identity', () => {
    const statuses = run(new HeadTurnChallenge(options), [
      [0.3], // turned before the start: still waiting for a frontal face
      [0.02], // frontal but no embedding yet
      [0.01, alice],
      [0.15],
      [0.32],
      [0.4],
      [0.1, aliceAgain],
    ]);
    expect(statuses.map((s) => s.state)).toEqual([
      'waiting_frontal',
      'waiting_frontal',
      'turn',
      'turn',
      'turn',
      'turn',
      'passed',
    ]);
    expect(statuses[5]?.yaw).toBeCloseTo(0.4);
  });

  it('passes for a right turn (negative image yaw), and for a left turn on a mirrored view', () => {
    const right = run(new HeadTurnChallenge({ ...options, direction: 'right' }), [
      [0, alice],
      [-0.3],
      [0, aliceAgain],
    ]);
    expect(right.at(-1)).toMatchObject({ state: 'passed' });
    const mirrored = run(new HeadTurnChallenge({ ...options, mirrored: true }), [
      [0, alice],
      [-0.3],
      [0, aliceAgain],
    ]);
    expect(mirrored.at(-1)).toMatchObject({ state: 'passed' });
  });

  it('fails with no_turn when the head never turns far enough before the time is up', () => {
    const script: [number, Float32Array?][] = [[0, alice]];
    for (let i = 0; i < 60; i++) script.push([0.05 + (i % 3) * 0.05, i % 10 === 0 ? aliceAgain : undefined]);
    const statuses = run(new HeadTurnChallenge(options), script);
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', reason: 'no_turn' });
    expect(statuses.some((s) => s.state === 'passed')).toBe(false);
  });

  it('fails with identity_changed when another face is shown after the turn', () => {
    const statuses = run(new HeadTurnChallenge(options), [[0, alice], [0.35], [0.05, bob]]);
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', reason: 'identity_changed' });
  });

  it('fails with identity_changed as soon as a non-turned frame shows someone else', () => {
    const statuses = run(new HeadTurnChallenge(options), [[0, alice], [0.1, bob], [0.35], [0, aliceAgain]]);
    expect(statuses[1]).toMatchObject({ state: 'failed', reason: 'identity_changed' });
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', reason: 'identity_changed' });
  });

  it('fails with track_changed when the tracked face is swapped mid-way', () => {
    const statuses = run(new HeadTurnChallenge(options), [
      [0, alice, 't1'],
      [0.35, undefined, 't1'],
      [0, aliceAgain, 't2'],
    ]);
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', reason: 'track_changed' });
  });

  it('fails with wrong_direction on a turn to the other side', () => {
    const statuses = run(new HeadTurnChallenge(options), [[0, alice], [-0.1], [-0.3], [0.35], [0, alice]]);
    expect(statuses[2]).toMatchObject({ state: 'failed', reason: 'wrong_direction' });
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', reason: 'wrong_direction' });
  });

  it('fails with timeout when the turn is made but the face never comes back in time', () => {
    const script: [number, Float32Array?][] = [[0, alice], [0.35]];
    for (let i = 0; i < 60; i++) script.push([0.4]);
    expect(run(new HeadTurnChallenge(options), script).at(-1)).toMatchObject({
      state: 'failed',
      reason: 'timeout',
    });
  });

  it('fails with timeout when no frontal face ever starts it', () => {
    const script: [number, Float32Array?][] = [];
    for (let i = 0; i < 60; i++) script.push([0.3, alice]);
    expect(run(new HeadTurnChallenge(options), script).at(-1)).toMatchObject({
      state: 'failed',
      reason: 'timeout',
    });
  });

  it('ignores embeddings of turned frames (pose lowers cosine)', () => {
    const statuses = run(new HeadTurnChallenge(options), [
      [0, alice],
      [0.35, bob],
      [0, aliceAgain],
    ]);
    expect(statuses.at(-1)).toMatchObject({ state: 'passed' });
  });
});

describe('randomTurnDirection', () => {
  it('uses the random source', () => {
    expect(randomTurnDirection(() => 0.1)).toBe('left');
    expect(randomTurnDirection(() => 0.9)).toBe('right');
  });
});
