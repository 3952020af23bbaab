import type { FastifyInstance } from 'fastify';
import { Server as NetServer, type Socket } from 'node:net';

/** The drain: what the server does between a shutdown's start (app.close(), on SIGTERM/SIGINT) and closing its sockets. */
export interface Drain {
  /** Waits `ms`, or less: a wait still running when the drain starts ends then, one asked for after it at once. */
  sleep(ms: number): Promise<void>;
}

export interface DrainTimings {
  /** The drain ends once no request has started for this long (or every connection is gone). */
  readonly settleMs: number;
  /** ... and after this long in any case. */
  readonly maxWaitMs: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A drain that loses nothing. On app.close(), before Fastify closes the server:
 * - every answer from then on carries `Connection: close`, so a kept-alive client sends no further request on it;
 * - delays (`Prefer: latency`, `--latency`) end at once and their requests are answered;
 * - the server stops accepting connections, but keeps the idle kept-alive ones open until no request has started
 *   for settleMs. Node's server.close() destroys idle connections at once: a request a client had just written on
 *   one was lost (reset). Once the clients have been told to close, the connections still idle are idle for real.
 * Then the connections without a request being answered are closed, and Fastify's close waits for the others to
 * finish their (closing) answers.
 */
export function registerDrain(app: FastifyInstance, timings: DrainTimings = { settleMs: 250, maxWaitMs: 2_000 }): Drain {
  let draining = false;
  const sleepers = new Set<() => void>();
  const drain: Drain = {
    sleep: (ms) =>
      draining
        ? Promise.resolve()
        : new Promise((resolve) => {
            const wake = (): void => {
              clearTimeout(timer);
              sleepers.delete(wake);
              resolve();
            };
            const timer = setTimeout(wake, ms);
            sleepers.add(wake);
          }),
  };
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  app.addHook('preClose', async () => {
    draining = true;
    for (const wake of [...sleepers]) wake();
    const server = app.server;
    if (!server.listening) return;
    let lastRequest = performance.now();
    const onRequest = (): void => {
      lastRequest = performance.now();
    };
    server.on('request', onRequest);
    // net.Server's close stops accepting; http.Server's would also destroy the idle kept-alive connections now.
    NetServer.prototype.close.call(server);
    const deadline = performance.now() + timings.maxWaitMs;
    while (performance.now() < deadline && performance.now() - lastRequest < timings.settleMs && [...sockets].some(open)) {
      await pause(Math.min(50, timings.settleMs));
    }
    server.off('request', onRequest);
    // Node's server.close() destroys idle connections, but not those that have not sent a whole head yet (Node counts
    // them as busy, and stops timing them out once closed): one that never sends would hold the exit. Close every
    // connection without a request being answered, as Node's closeIdleConnections() tells them apart.
    for (const socket of sockets) if (!answering(socket)) socket.destroy();
  });
  return drain;
}

const answering = (socket: Socket): boolean =>
  (socket as Socket & { _httpMessage?: { finished: boolean } | null })._httpMessage?.finished === false;

/** A connection not closed yet (destroyed ones leave the set a tick later, on their close event). */
const open = (socket: Socket): boolean => !socket.destroyed;
