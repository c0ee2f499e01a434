import net from 'node:net';

export interface RawResponse {
  /** Everything the server sent until it closed the connection (or the deadline). */
  text: string;
  status: number | null;
  /** The connection was closed by the server (not by our deadline). */
  closedByServer: boolean;
  elapsedMs: number;
}

/**
 * Talks HTTP/1.1 over a plain TCP socket, so a test can send what no HTTP client would: headers trickled
 * byte by byte, a body shorter than its Content-Length, malformed request lines. `chunks` are written
 * `intervalMs` apart; then the socket waits until the server closes it or `deadlineMs` passes.
 */
export function rawExchange(
  port: number,
  chunks: (string | Buffer)[],
  options: { intervalMs?: number; deadlineMs?: number } = {},
): Promise<RawResponse> {
  const { intervalMs = 0, deadlineMs = 20_000 } = options;
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let closedByServer = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearInterval(writer);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({
        text,
        status: status ? Number(status) : null,
        closedByServer,
        elapsedMs: Date.now() - started,
      });
    };
    const deadline = setTimeout(finish, deadlineMs);
    const pending = [...chunks];
    const writeNext = () => {
      const chunk = pending.shift();
      if (chunk !== undefined && !socket.destroyed) socket.write(chunk);
      if (pending.length === 0) clearInterval(writer);
    };
    const writer = setInterval(writeNext, Math.max(1, intervalMs));
    socket.on('connect', () => {
      if (intervalMs === 0) while (pending.length > 0) writeNext();
    });
    socket.on('data', (data) => (text += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closedByServer = true;
      finish();
    });
  });
}

/** The JSON body of a raw response (after the blank line), or null. */
export function rawJsonBody(response: RawResponse): unknown {
  const body = response.text.split('\r\n\r\n')[1];
  try {
    return body ? (JSON.parse(body) as unknown) : null;
  } catch {
    return null;
  }
}
