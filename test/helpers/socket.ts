import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Listens on an ephemeral loopback port; returns the port. */
export async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  return address.port;
}

export interface RawResponse {
  readonly text: string;
  /** Whether the server closed the connection. */
  readonly closed: boolean;
  /** Status and body of the first response (pipelined ones are only in `text`). */
  readonly status: number | undefined;
  readonly body: string;
  /** How many of the pieces were written before the server closed the connection. */
  readonly written: number;
}

/**
 * Writes raw bytes (in the given pieces, with a pause between them) and collects what comes back until the
 * server closes, or `idleMs` passes without data once an answer has begun. The first byte may take up to
 * `firstByteMs` (a cold answer on a loaded machine), so a slow answer is never mistaken for none.
 */
export async function exchange(
  port: number,
  pieces: readonly (string | Buffer)[],
  options: { pauseMs?: number; idleMs?: number; firstByteMs?: number } = {},
): Promise<RawResponse> {
  const { pauseMs = 0, idleMs = 1500, firstByteMs = 15_000 } = options;
  const socket = connect({ port, host: '127.0.0.1' });
  const chunks: Buffer[] = [];
  let closed = false;
  const done = new Promise<void>((resolve) => {
    let timer = setTimeout(resolve, Math.max(idleMs, firstByteMs));
    socket.on('data', (data) => {
      chunks.push(data);
      clearTimeout(timer);
      timer = setTimeout(resolve, idleMs);
    });
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let written = 0;
  for (const piece of pieces) {
    if (socket.destroyed || closed) break;
    socket.write(piece);
    written++;
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  await done;
  socket.destroy();
  const raw = Buffer.concat(chunks);
  const text = raw.toString('utf8');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
  const headEnd = raw.indexOf('\r\n\r\n');
  const length = Number(/\r\ncontent-length: (\d+)/i.exec(text.slice(0, Math.max(0, headEnd)))?.[1] ?? Number.NaN);
  const rest = headEnd < 0 ? Buffer.alloc(0) : raw.subarray(headEnd + 4);
  const body = (Number.isNaN(length) ? rest : rest.subarray(0, length)).toString('utf8');
  return { text, closed, status: status === undefined ? undefined : Number(status), body, written };
}

export const request = (body: string, headers: Record<string, string> = {}): string => {
  const all = {
    host: '127.0.0.1',
    authorization: 'Bearer socket-token',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  };
  return `POST /creator/v1/rank/topPotential HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}`;
};
