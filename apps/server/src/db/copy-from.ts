import type pg from 'pg';

/** The parts of `pg`'s connection a custom query talks to (pg ≥ 8: `client.query(submittable)`). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Uint8Array): void;
  endCopyFrom(): void;
}

/**
 * Runs `COPY … FROM STDIN` on a checked-out `pg` client with `data` as the whole input, without a stream
 * library: the statement goes out as a simple query, and when PostgreSQL answers CopyInResponse the bytes
 * follow as one CopyData message and CopyDone. Settles on ReadyForQuery (rows copied) or on the first error
 * (a bad row aborts the COPY and, inside a transaction, the transaction).
 */
export function copyFrom(client: pg.PoolClient, sql: string, data: Uint8Array): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let rows = 0;
    let failed = false;
    const submittable = {
      text: sql,
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        if (data.length > 0) connection.sendCopyFromChunk(data);
        connection.endCopyFrom();
      },
      handleCommandComplete(message: { text?: string }) {
        rows = Number(/\d+$/.exec(message.text ?? '')?.[0] ?? 0);
      },
      handleError(error: unknown) {
        // Called for an ErrorResponse and for a connection that died mid-COPY (no ReadyForQuery follows).
        failed = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      },
      handleReadyForQuery() {
        if (!failed) resolve(rows);
      },
      handleRowDescription: ignore,
      handleDataRow: ignore,
      handleEmptyQuery: ignore,
      handlePortalSuspended: ignore,
      handleCopyData: ignore,
    };
    void client.query(submittable as unknown as pg.QueryConfig);
  });
}

function ignore(): void {
  // COPY FROM answers none of these.
}
