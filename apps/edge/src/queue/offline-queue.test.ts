import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineQueue } from './offline-queue.js';

const request = (key: string) => ({
  camera_id: 'door-1',
  model: 'test-model',
  faces: [{ embedding: [1, 0, 0] }],
  idempotency_key: key,
});

describe(OfflineQueue.name, () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edge-queue-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps entries in order across a reopen (restart) until they are acknowledged', () => {
    const dir = tempDir();
    const sut = OfflineQueue.open(dir);
    sut.enqueue(request('key-0001'));
    sut.enqueue(request('key-0002'));
    sut.enqueue(request('key-0003'));
    sut.ack('key-0001');

    const reopened = OfflineQueue.open(dir);
    expect(reopened.size).toBe(2);
    expect(reopened.peek()?.key).toBe('key-0002');
    expect(reopened.peek()?.request).toEqual(request('key-0002'));
    reopened.ack('key-0002');
    reopened.ack('key-0003');
    expect(reopened.size).toBe(0);
    expect(OfflineQueue.open(dir).size).toBe(0);
  });

  it('truncates its files once everything is delivered', () => {
    const dir = tempDir();
    const sut = OfflineQueue.open(dir);
    sut.enqueue(request('key-0001'));
    sut.ack('key-0001');
    expect(readFileSync(path.join(dir, 'identify-queue.jsonl'), 'utf8')).toBe('');
    expect(readFileSync(path.join(dir, 'identify-queue.acks.jsonl'), 'utf8')).toBe('');
  });

  it('ignores a torn last line left by a crash mid-append', () => {
    const dir = tempDir();
    OfflineQueue.open(dir).enqueue(request('key-0001'));
    appendFileSync(path.join(dir, 'identify-queue.jsonl'), '{"key":"key-0002","requ');
    const reopened = OfflineQueue.open(dir);
    expect(reopened.size).toBe(1);
    expect(reopened.peek()?.key).toBe('key-0001');
  });

  it('refuses out-of-order acks and moves refused entries to the dead-letter file', () => {
    const dir = tempDir();
    const sut = OfflineQueue.open(dir);
    sut.enqueue(request('key-0001'));
    sut.enqueue(request('key-0002'));
    expect(() => sut.ack('key-0002')).toThrow(/out of order/);
    sut.deadLetter('key-0001', '422 validation_failed');
    expect(sut.peek()?.key).toBe('key-0002');
    const rejected = readFileSync(path.join(dir, 'identify-queue.rejected.jsonl'), 'utf8');
    expect(JSON.parse(rejected.trim())).toMatchObject({ key: 'key-0001', reason: '422 validation_failed' });
  });
});
