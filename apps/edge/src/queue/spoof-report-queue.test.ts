import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineQueue } from './offline-queue.js';

describe('OfflineQueue with spoof reports', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps spoof reports in capture order with identify requests, across a restart', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edge-spoof-queue-'));
    dirs.push(dir);
    const sut = OfflineQueue.open(dir);
    sut.enqueue({
      camera_id: 'door',
      model: 'm',
      faces: [{ embedding: [1, 0] }],
      idempotency_key: 'id-00001',
    });
    sut.enqueueSpoof({
      camera_id: 'door',
      score: 0.04,
      reason: 'passive_spoof',
      mode: 'enforce',
      idempotency_key: 'spoof-00001',
    });
    const reopened = OfflineQueue.open(dir);
    expect(reopened.size).toBe(2);
    expect(reopened.peek()).toMatchObject({ key: 'id-00001' });
    expect(reopened.peek()?.kind).toBeUndefined();
    reopened.ack('id-00001');
    expect(reopened.peek()).toMatchObject({
      kind: 'spoof',
      key: 'spoof-00001',
      request: { reason: 'passive_spoof', score: 0.04 },
    });
  });
});
