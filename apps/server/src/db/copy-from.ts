import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';

/**
 * Runs `COPY … FROM STDIN` on a checked-out `pg` client with `data` as the whole input (pg-copy-streams).
 * Resolves with the number of rows copied; rejects on the first error (a bad row aborts the COPY and, inside
 * a transaction, the transaction).
 */
export async function copyFrom(client: pg.PoolClient, sql: string, data: Uint8Array): Promise<number> {
  const stream = client.query(copyFromStdin(sql));
  await pipeline(Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), stream);
  return stream.rowCount ?? 0;
}
