/**
 * @module Durable FIFO of identify requests (and spoof-attempt reports) that could not be delivered. Two append-only JSONL files
 * under the data dir: `identify-queue.jsonl` (entries) and `identify-queue.acks.jsonl` (keys delivered).
 * Every append is fsync'd before it returns, so a crash or power cut loses nothing that was accepted.
 * A torn last line (crash mid-write) is skipped on open.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IdentifyRequest, SpoofEventInput } from '@attendance/protocol';

/** An entry: an identify request, or a spoof-attempt report (`kind: 'spoof'`; entries of older files have no kind). */
export type QueuedIdentify = {
  /** The request's idempotency key; the server records a key at most once. */
  readonly key: string;
  readonly enqueuedAt: string;
} & (
  | { readonly kind?: 'identify'; readonly request: IdentifyRequest }
  | { readonly kind: 'spoof'; readonly request: SpoofEventInput }
);

export class OfflineQueue {
  private readonly pending: QueuedIdentify[];

  private constructor(
    private readonly dir: string,
    pending: QueuedIdentify[],
  ) {
    this.pending = pending;
  }

  /** Opens (creating if needed) the queue in `dir` and loads the entries not yet acknowledged. */
  static open(dir: string): OfflineQueue {
    mkdirSync(dir, { recursive: true });
    const acked = new Set(readLines(path.join(dir, ACKS)).map((line) => (line as { key: string }).key));
    const pending = (readLines(path.join(dir, ENTRIES)) as QueuedIdentify[]).filter(
      (entry) => typeof entry.key === 'string' && !acked.has(entry.key),
    );
    const queue = new OfflineQueue(dir, pending);
    if (pending.length === 0) queue.compact();
    return queue;
  }

  get size(): number {
    return this.pending.length;
  }

  /** Oldest entry not yet delivered. */
  peek(): QueuedIdentify | undefined {
    return this.pending[0];
  }

  /** Durably appends a request; returns once it is on disk. */
  enqueue(request: IdentifyRequest & { idempotency_key: string }): QueuedIdentify {
    return this.append({ key: request.idempotency_key, request, enqueuedAt: new Date().toISOString() });
  }

  /** Durably appends a spoof-attempt report, in order with the identify requests. */
  enqueueSpoof(report: SpoofEventInput & { idempotency_key: string }): QueuedIdentify {
    return this.append({
      kind: 'spoof',
      key: report.idempotency_key,
      request: report,
      enqueuedAt: new Date().toISOString(),
    });
  }

  private append(entry: QueuedIdentify): QueuedIdentify {
    appendDurably(path.join(this.dir, ENTRIES), entry);
    this.pending.push(entry);
    return entry;
  }

  /** Marks the oldest entry delivered (or given up, see {@link deadLetter}). */
  ack(key: string): void {
    const head = this.pending[0];
    if (head?.key !== key) throw new Error(`ack out of order: ${key} is not the head of the queue`);
    appendDurably(path.join(this.dir, ACKS), { key });
    this.pending.shift();
    if (this.pending.length === 0) this.compact();
  }

  /** Moves the head entry to `identify-queue.rejected.jsonl` with the reason, then acks it. */
  deadLetter(key: string, reason: string): void {
    const head = this.pending[0];
    if (head?.key !== key) throw new Error(`dead-letter out of order: ${key}`);
    appendDurably(path.join(this.dir, REJECTED), { ...head, reason });
    this.ack(key);
  }

  /** With nothing pending, both files are replaced by empty ones so they never grow without bound. */
  private compact(): void {
    for (const name of [ENTRIES, ACKS]) {
      const file = path.join(this.dir, name);
      if (!existsSync(file)) continue;
      const temp = `${file}.tmp`;
      closeSync(openSync(temp, 'w'));
      renameSync(temp, file);
    }
  }
}

const ENTRIES = 'identify-queue.jsonl';
const ACKS = 'identify-queue.acks.jsonl';
const REJECTED = 'identify-queue.rejected.jsonl';

function appendDurably(file: string, record: unknown): void {
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readLines(file: string): unknown[] {
  if (!existsSync(file)) return [];
  const records: unknown[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      // A torn final line from a crash mid-append: it was never acknowledged to the caller.
    }
  }
  return records;
}
