import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';

/**
 * Most requests of one connection that may wait behind the one being answered. Node parses everything in one read
 * (up to 64 KiB, hundreds of small requests) before reading stops; a connection past this is closed.
 */
export const MAX_WAITING_REQUESTS = 8;
/** Node's and Fastify's objects for one parsed request waiting its turn, rounded up. */
export const WAITING_REQUEST_BYTES = 4 * 1024;
/** What Node reads from a socket at once: the bytes of the waiting requests' heads and bodies. */
export const READ_BYTES = 64 * 1024;
/** What one connection's waiting requests may hold. */
export const PIPELINED_BYTES = MAX_WAITING_REQUESTS * WAITING_REQUEST_BYTES + READ_BYTES;

/** A socket of Node's HTTP server: `_paused` is the flag its own backpressure uses, honoured when a body read resumes the socket. */
type HttpSocket = Socket & { _paused?: boolean; parser?: { resume(): void } | null };

interface Lane {
  busy: boolean;
  readonly waiting: (() => void)[];
}

/**
 * Pipelined requests are answered one at a time per connection, and the connection is not read while a request
 * waits: a client that writes requests without reading the answers is slowed to the pace it reads, and what it makes
 * the server hold is bounded (PIPELINED_BYTES). Node stops reading on its own only once answers back up, after a
 * whole read has been parsed and answered into memory.
 */
export function limitPipelining(app: FastifyInstance): void {
  const lanes = new WeakMap<Socket, Lane>();
  app.addHook('onRequest', (request, reply, done) => {
    const socket = request.raw.socket as HttpSocket;
    let lane = lanes.get(socket);
    if (lane === undefined) {
      lane = { busy: false, waiting: [] };
      lanes.set(socket, lane);
    }
    const current = lane;
    const start = (): void => {
      current.busy = true;
      reply.raw.once('finish', () => next(socket, current));
      done();
    };
    if (!current.busy) return start();
    if (current.waiting.length >= MAX_WAITING_REQUESTS) return void socket.destroy();
    current.waiting.push(start);
    if (socket._paused !== true) {
      socket._paused = true;
      socket.pause();
    }
  });
}

function next(socket: HttpSocket, lane: Lane): void {
  lane.busy = false;
  const start = lane.waiting.shift();
  if (lane.waiting.length === 0 && socket._paused === true && !socket.writableNeedDrain) {
    socket._paused = false;
    socket.parser?.resume();
    socket.resume();
  }
  start?.();
}
