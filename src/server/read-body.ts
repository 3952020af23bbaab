import type { IncomingMessage } from 'node:http';
import { errorCodes } from 'fastify';

/** Where a body without a Content-Length (chunked) starts; it doubles as needed, up to the limit. */
const FIRST_CHUNKED_BYTES = 1024;

/**
 * How much of a body over the limit is read and dropped before its 413 is sent. A server that answers and closes
 * while the client is still writing resets the connection, and the client (Node's fetch among them) sees EPIPE
 * instead of the answer; read to its end, the body leaves nothing unread, and the 413 envelope arrives. Past this
 * bound (declared, or counted as it comes) the 413 is sent at once and the connection closed. Dropped bytes cost
 * no memory, and the whole request stays within the request timeout.
 */
export const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

type Done = (error: Error | null, text?: string) => void;

interface Listeners {
  readonly data: (chunk: Buffer) => void;
  readonly end: () => void;
}

/**
 * Reads a request body into one buffer (of its declared length, or doubling for a chunked body) and decodes it once:
 * Fastify's own reader keeps every chunk until the end, so a body written a byte at a time would cost many times its
 * bytes. Errors are Fastify's own (413 too large, 400 length mismatch), so the route's error handler answers them.
 */
export function readBody(payload: IncomingMessage, limit: number, done: Done): void {
  const header = payload.headers['content-length'];
  const declared = header === undefined ? undefined : Number(header);
  if (declared !== undefined && declared > limit) return discard(payload, declared, false, done);
  let buffer = Buffer.allocUnsafe(declared ?? FIRST_CHUNKED_BYTES);
  let length = 0;
  const stop = listen(payload, done, {
    data: (chunk) => {
      const needed = length + chunk.length;
      if (needed > limit) {
        stop();
        return discard(payload, needed, true, done);
      }
      if (needed > buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(limit, Math.max(needed, buffer.length * 2)));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      length += chunk.copy(buffer, length);
    },
    end: () => {
      stop();
      if (declared !== undefined && length !== declared) return done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      done(null, buffer.toString('utf8', 0, length));
    },
  });
}

/**
 * Reads the rest of a body over the limit and drops it, then reports it too large (see DISCARD_LIMIT_BYTES). `read`
 * is its declared length, or what came so far of a chunked one (`counting`: what comes next is added).
 */
function discard(payload: IncomingMessage, read: number, counting: boolean, done: Done): void {
  if (read > DISCARD_LIMIT_BYTES) return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  const tooLarge = (): void => {
    stop();
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  };
  const stop = listen(payload, done, {
    data: (chunk) => {
      if (counting) read += chunk.length;
      if (read > DISCARD_LIMIT_BYTES) tooLarge();
    },
    end: tooLarge,
  });
}

/**
 * Listens to a body until the returned function is called, which lets go of it. A stream error ends the listening
 * and is reported: the client's (400) unless it says otherwise.
 */
function listen(payload: IncomingMessage, done: Done, listeners: Listeners): () => void {
  const stop = (): void => {
    payload.off('data', listeners.data);
    payload.off('end', listeners.end);
    payload.off('error', onError);
  };
  const onError = (error: Error & { statusCode?: number }): void => {
    stop();
    if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
    done(error);
  };
  payload.on('data', listeners.data);
  payload.on('end', listeners.end);
  payload.on('error', onError);
  payload.resume();
  return stop;
}
