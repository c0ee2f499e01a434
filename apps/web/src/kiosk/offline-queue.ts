import type { IdentifyRequest, SpoofEventInput } from '@attendance/protocol';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** A request the server has not acknowledged yet, with the idempotency key it will be replayed under. */
export type QueuedRequest = {
  /** Insertion order (IndexedDB auto-increment): replay goes oldest first. */
  seq?: number;
  key: string;
  enqueuedAt: string;
} & (
  | { kind: 'identify'; request: IdentifyRequest & { idempotency_key: string; captured_at: string } }
  | { kind: 'spoof'; request: SpoofEventInput & { idempotency_key: string } }
);

interface QueueSchema extends DBSchema {
  pending: { key: number; value: QueuedRequest };
  /** Requests the server refused for good (4xx), kept with the reason for someone to look at. */
  rejected: { key: number; value: QueuedRequest & { reason: string } };
}

const DB_NAME = 'attendance-kiosk';

/**
 * The kiosk's durable FIFO of check-ins (and spoof reports) made while the server was unreachable, in
 * IndexedDB: it survives a reload, a crash of the tab and a reboot of the device. The browser counterpart of
 * the edge agent's `identify-queue.jsonl`.
 */
export class KioskQueue {
  private constructor(private readonly db: IDBPDatabase<QueueSchema>) {}

  static async open(): Promise<KioskQueue> {
    const db = await openDB<QueueSchema>(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore('pending', { keyPath: 'seq', autoIncrement: true });
        database.createObjectStore('rejected', { autoIncrement: true });
      },
    });
    return new KioskQueue(db);
  }

  async enqueue(entry: QueuedRequest): Promise<void> {
    await this.db.add('pending', entry);
  }

  size(): Promise<number> {
    return this.db.count('pending');
  }

  /** The oldest entry not yet delivered. */
  async peek(): Promise<QueuedRequest | undefined> {
    const cursor = await this.db.transaction('pending').store.openCursor();
    return cursor?.value;
  }

  async ack(entry: QueuedRequest): Promise<void> {
    if (entry.seq !== undefined) await this.db.delete('pending', entry.seq);
  }

  /** Moves an entry the server refused for good to `rejected`, in one transaction. */
  async reject(entry: QueuedRequest, reason: string): Promise<void> {
    const tx = this.db.transaction(['pending', 'rejected'], 'readwrite');
    const { seq, ...rest } = entry;
    await Promise.all([
      tx.objectStore('rejected').add({ ...rest, reason }),
      seq !== undefined ? tx.objectStore('pending').delete(seq) : undefined,
      tx.done,
    ]);
  }
}
