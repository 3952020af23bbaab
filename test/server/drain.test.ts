import { connect, type Socket } from 'node:net';
import Fastify from 'fastify';
import t from 'tap';
import { registerDrain } from '../../src/server/drain.js';
import { fake, post } from '../helpers/fake.js';
import { listen, request } from '../helpers/socket.js';

const BODY = '{"pagesize":1}';

/** A kept-alive client on one socket: send a request, read one answer (head and body) at a time. */
async function client(port: number): Promise<{
  socket: Socket;
  send: (headers?: Record<string, string>) => Promise<{ status: number; head: string }>;
  closed: Promise<void>;
}> {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let buffered = '';
  let waiting: (() => void) | undefined;
  socket.on('data', (data) => {
    buffered += data.toString('utf8');
    waiting?.();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const send = async (headers: Record<string, string> = {}) => {
    socket.write(request(BODY, headers));
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      const length = end < 0 ? Number.NaN : Number(/\r\ncontent-length: (\d+)/i.exec(buffered.slice(0, end))?.[1]);
      if (end >= 0 && buffered.length >= end + 4 + length) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4 + length);
        return { status: Number(head.slice(9, 12)), head };
      }
      const more = new Promise<void>((resolve) => (waiting = resolve));
      await Promise.race([
        more,
        closed.then(() => Promise.reject(new Error(`closed without an answer (got ${JSON.stringify(buffered.slice(0, 80))})`))),
      ]);
    }
  };
  return { socket, send, closed };
}

t.test('a pending latency=60000 request is answered at once when the drain starts, with Connection: close', async (t) => {
  const app = fake();
  const port = await listen(app);
  const c = await client(port);
  const answer = c.send({ prefer: 'latency=60000' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const closing = app.close();
  const { status, head } = await Promise.race([
    answer,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not answered within 5 s')), 5000)),
  ]);
  t.equal(status, 200, 'answered, not dropped');
  t.match(head, /\r\nconnection: close/i);
  await c.closed;
  t.pass('the server closed the connection after the answer');
  await closing;
});

t.test('a kept-alive connection idle when the drain starts can still send its next request, and gets Connection: close', async (t) => {
  const app = fake();
  const port = await listen(app);
  const c = await client(port);
  const first = await c.send();
  t.match(first.head, /\r\nconnection: keep-alive/i, 'kept alive before the drain');
  const closing = app.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const second = await c.send({ prefer: 'latency=60000' });
  t.equal(second.status, 200, 'answered, not reset, and at once: a delay asked for during the drain is not waited');
  t.match(second.head, /\r\nconnection: close/i);
  await c.closed;
  await closing;
  t.equal(
    await new Promise((resolve) => connect({ port, host: '127.0.0.1' }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code))),
    'ECONNREFUSED',
    'no longer accepting',
  );
});

t.test('auth and limits come before a delay; a forced error still waits', async (t) => {
  const app = fake({ rateLimit: 1, monotonicMs: () => 0 });
  t.teardown(() => app.close());
  const started = Date.now();
  const refused = await post(app, {}, { prefer: 'latency=60000' });
  t.equal(refused.status, 401, 'no token: refused without waiting');
  t.equal((await post(app, {}, { authorization: 'Bearer x', prefer: 'latency=1' })).status, 200);
  t.equal((await post(app, {}, { authorization: 'Bearer x', prefer: 'latency=60000' })).status, 429, 'rate-limited without waiting');
  t.ok(Date.now() - started < 30_000, 'neither waited out its latency');
  const forced = Date.now();
  t.equal((await post(app, {}, { prefer: 'code=40001, latency=150' })).status, 500, 'a forced error needs no token');
  t.ok(Date.now() - forced >= 145, 'and keeps its latency');
});

/** A bare Fastify app with the drain and one route, to drive the drain's own timings. */
async function drained(timings: { settleMs: number; maxWaitMs: number }) {
  const app = Fastify({ return503OnClosing: false });
  registerDrain(app, timings);
  app.post('/creator/v1/rank/topPotential', async () => ({ ok: true }));
  return { app, port: await listen(app) };
}

t.test('the drain ends at once when no connection is left, after settleMs when the rest are idle, after maxWaitMs at most', async (t) => {
  // a minute of settleMs, so that a drain that waited for quiet is told from one that did not even on a busy machine
  const none = await drained({ settleMs: 60_000, maxWaitMs: 120_000 });
  let started = Date.now();
  await none.app.close();
  t.ok(Date.now() - started < 30_000, 'no connection: no wait');

  const idle = await drained({ settleMs: 300, maxWaitMs: 10_000 });
  const c = await client(idle.port);
  await c.send();
  started = Date.now();
  await idle.app.close();
  t.ok(Date.now() - started >= 250, 'an idle connection is given settleMs to send a last request');
  await c.closed;

  // Requests come every 20 ms, far inside settleMs even on a loaded machine, until one finds its connection closed:
  // so the drain cannot have ended for quiet, only at maxWaitMs. More clients than the loop can use before then.
  const busy = await drained({ settleMs: 2_000, maxWaitMs: 2_500 });
  const clients = await Promise.all(Array.from({ length: 200 }, () => client(busy.port)));
  // Connected is not yet accepted: a connection still in the listen backlog would be reset when the server stops listening.
  while ((await new Promise<number>((resolve) => busy.app.server.getConnections((_, count) => resolve(count)))) < clients.length) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  started = Date.now();
  const closing = busy.app.close();
  const results: { at: number; status: number }[] = [];
  for (const each of clients) {
    const at = Date.now() - started;
    const status = await each.send().then(
      (answer) => answer.status,
      () => 0,
    );
    results.push({ at, status });
    if (status === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await closing;
  const answered = results.filter((r) => r.status === 200);
  const closed = results.filter((r) => r.status === 0);
  t.ok(answered.length >= 2, `requests kept coming after the drain began and were answered (${answered.length})`);
  t.equal(closed.length, 1, 'until the drain gave up waiting for quiet and closed the idle connections');
  t.ok(
    closed.every((r) => r.at >= 2_450),
    `not before maxWaitMs (at ${closed[0]?.at} ms)`,
  );
  t.same([...new Set(results.map((r) => r.status))].sort(), [0, 200], 'nothing else');
});

t.test('a connection that has not sent a whole head by the end of the drain is closed, not waited for', async (t) => {
  const app = fake();
  const port = await listen(app);
  const half = connect({ port, host: '127.0.0.1' });
  half.on('error', () => undefined);
  const gone = new Promise<void>((resolve) => half.once('close', () => resolve()));
  await new Promise<void>((resolve) => half.once('connect', () => resolve()));
  half.write('POST /creator/v1/rank/topPotential HTTP/1.1\r\nhost: x\r\n');
  const silent = connect({ port, host: '127.0.0.1' });
  silent.on('error', () => undefined);
  await new Promise<void>((resolve) => silent.once('connect', () => resolve()));
  while ((await new Promise<number>((resolve) => app.server.getConnections((_, count) => resolve(count)))) < 2)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const outcome = await Promise.race([
    app.close().then(() => 'closed'),
    new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000)),
  ]);
  t.equal(outcome, 'closed', 'the server closed without waiting out their request timeout');
  await gone;
  t.ok(silent.destroyed || (await new Promise((resolve) => silent.once('close', () => resolve(true)))), 'both connections closed');
});

t.test('a request whose head arrived before the drain ended is answered, even if its body is still coming', async (t) => {
  const app = fake();
  const port = await listen(app);
  const socket = connect({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  let received = '';
  socket.on('data', (data: Buffer) => (received += data.toString('utf8')));
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const full = request(BODY);
  socket.write(full.slice(0, full.length - 5));
  while ((await new Promise<number>((resolve) => app.server.getConnections((_, count) => resolve(count)))) < 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const closing = app.close();
  await new Promise((resolve) => setTimeout(resolve, 600));
  socket.write(full.slice(full.length - 5));
  await closing;
  await gone;
  t.match(received, /^HTTP\/1\.1 200 OK\r\n/, 'answered once its body was complete, after the drain had ended');
  t.match(received, /\r\nconnection: close/i);
});
