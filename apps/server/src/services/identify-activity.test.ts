import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { IdentifyActivity } from './identify-activity.js';

/** A request whose response has not finished yet; `finish()` closes it as Node does when it is sent. */
function trackedRequest(activity: IdentifyActivity): { finish: () => void } {
  const raw = new EventEmitter();
  activity.track({} as FastifyRequest, { raw } as unknown as FastifyReply, () => undefined);
  return { finish: () => raw.emit('close') };
}

const settledWithin = async (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('IdentifyActivity', () => {
  it('lets background work go at once when no identify is in progress', async () => {
    expect(await settledWithin(new IdentifyActivity().whenIdle(), 50)).toBe(true);
  });

  it('holds background work until the last identify in progress has finished', async () => {
    const activity = new IdentifyActivity();
    const first = trackedRequest(activity);
    const second = trackedRequest(activity);
    const idle = activity.whenIdle(10_000);
    first.finish();
    expect(await settledWithin(idle, 50)).toBe(false);
    expect(activity.inProgress).toBe(1);
    second.finish();
    expect(await settledWithin(idle, 50)).toBe(true);
    expect(activity.inProgress).toBe(0);
  });

  it('lets background work take a step after the longest wait, so identifies cannot starve it', async () => {
    const activity = new IdentifyActivity();
    trackedRequest(activity);
    const started = performance.now();
    await activity.whenIdle(100);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(activity.inProgress).toBe(1);
  });
});
