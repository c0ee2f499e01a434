import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../shared/api-client.js';
import { IdentifySender } from './identify-sender.js';
import type { KioskQueue, QueuedRequest } from './offline-queue.js';

/** The queue's contract in memory (the kiosk's is IndexedDB). */
class MemoryQueue {
  readonly entries: QueuedRequest[] = [];
  size = () => Promise.resolve(this.entries.length);
  enqueue = (entry: QueuedRequest) => Promise.resolve(void this.entries.push(entry));
  peek = () => Promise.resolve(this.entries[0]);
  ack = () => Promise.resolve(void this.entries.shift());
  reject = () => Promise.resolve(void this.entries.shift());
}

/** A real client whose requests never get an answer: its origin is a closed port (discard, 9). */
const unreachable = new ApiClient();

function checkIn(key: string): QueuedRequest & { kind: 'identify' } {
  return {
    kind: 'identify',
    key,
    enqueuedAt: '2026-12-06T08:00:00.000Z',
    request: {
      camera_id: 'kiosk-door',
      model: 'open-256',
      idempotency_key: key,
      captured_at: '2026-12-06T08:00:00.000Z',
      faces: [{ embedding: [1, 0, 0] }],
    },
  };
}

describe('kiosk identify sender during an outage', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', globalThis);
    vi.stubGlobal('location', { origin: 'http://127.0.0.1:9' });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('queues one check-in per visitor while they stay in front of the kiosk', async () => {
    const queue = new MemoryQueue();
    const pending: number[] = [];
    const sender = new IdentifySender(unreachable, queue as unknown as KioskQueue, (n) => pending.push(n));

    expect(await sender.identify(checkIn('a-1'), 'kiosk-1')).toEqual({ kind: 'queued', pending: 1 });
    // The same visitor checked again after the result hold: saved already, not queued twice.
    expect(await sender.identify(checkIn('a-2'), 'kiosk-1')).toEqual({ kind: 'queued', pending: 1 });
    expect(await sender.identify(checkIn('b-1'), 'kiosk-2')).toEqual({ kind: 'queued', pending: 2 });
    expect(queue.entries.map((entry) => entry.key)).toEqual(['a-1', 'b-1']);
    expect(pending).toEqual([1, 2]);
  });

  it('queues a returning visitor again once the queue has been replayed', async () => {
    const queue = new MemoryQueue();
    const sender = new IdentifySender(unreachable, queue as unknown as KioskQueue, () => undefined);
    await sender.identify(checkIn('a-1'), 'kiosk-1');
    queue.entries.length = 0; // replayed while the visitor still stood there
    expect(await sender.identify(checkIn('a-2'), 'kiosk-1')).toEqual({ kind: 'queued', pending: 1 });
  });
});
