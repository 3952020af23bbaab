import { connect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { MAX_WAITING_REQUESTS } from '../../src/server/pipelining.js';
import { fake } from '../helpers/fake.js';
import { exchange, listen, request } from '../helpers/socket.js';

/** A fake whose first endpoint request is held (an answer not ready yet) until release(); counts requests parsed and started. */
async function heldFake(t: Test): Promise<{ port: number; parsed: () => number; started: () => number; release: () => void }> {
  const app = fake();
  t.teardown(() => app.close());
  let parsed = 0;
  let started = 0;
  let held: (() => void) | undefined;
  let holding = true;
  app.server.on('request', () => parsed++);
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/creator')) return done();
    started++;
    if (holding && held === undefined) held = () => done();
    else done();
  });
  const port = await listen(app);
  const release = (): void => {
    holding = false;
    held?.();
  };
  return { port, parsed: () => parsed, started: () => started, release };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

const open = async (port: number): Promise<Socket> => {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.pause();
  return socket;
};

const written = (socket: Socket, text: string): Promise<void> => new Promise((resolve) => socket.write(text, () => resolve()));

/** The length of each answer's list, in the order the answers came. */
const pagesizes = (text: string): number[] =>
  text
    .split(/HTTP\/1\.1 \d{3} /)
    .slice(1)
    .map((answer) => answer.slice(answer.indexOf('\r\n\r\n') + 4))
    .filter((body) => body.endsWith('}'))
    .map((body) => (JSON.parse(body) as { data: { list: unknown[] } }).data.list.length);

t.test('a client that pipelines without reading is not read further: one request answered at a time, the rest wait', async (t) => {
  const server = await heldFake(t);
  const client = await open(server.port);
  const first = Array.from({ length: 1 + MAX_WAITING_REQUESTS }, (_, i) => request(JSON.stringify({ pagesize: i + 1 })));
  await written(client, first.join(''));
  await until(() => server.parsed() === first.length);
  const later = Array.from({ length: 5 }, (_, i) => request(JSON.stringify({ pagesize: first.length + i + 1 })));
  await written(client, later.join(''));
  // The second write is in the server's socket buffer; a few turns of the event loop would have parsed it.
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  t.equal(server.parsed(), first.length, 'nothing more was read from the socket while requests wait');
  t.equal(server.started(), 1, 'only the first request is being answered');

  const normal = await exchange(server.port, [request('{"pagesize":2}', { authorization: 'Bearer other' })], { idleMs: 300 });
  t.equal(normal.status, 200, 'a client on another connection is answered meanwhile');

  server.release();
  let text = '';
  client.on('data', (data: Buffer) => (text += data.toString('utf8')));
  client.resume();
  const all = first.length + later.length;
  await until(() => pagesizes(text).length === all);
  t.same(
    pagesizes(text),
    Array.from({ length: all }, (_, i) => i + 1),
    'every answer arrives, in order, once the client reads',
  );
  t.equal(server.parsed(), all + 1, "every request was read (and the other client's one)");
  client.destroy();
});

t.test(`a connection with more than ${MAX_WAITING_REQUESTS} requests waiting is closed; others are answered`, async (t) => {
  const server = await heldFake(t);
  const burst = Array.from({ length: 2 + MAX_WAITING_REQUESTS }, () => request('{"pagesize":1}')).join('');
  const answer = await exchange(server.port, [burst], { idleMs: 300, firstByteMs: 2_000 });
  t.ok(answer.closed, 'closed by the server');
  t.equal(server.started(), 1, 'no request past the first was started');
  server.release();
  const normal = await exchange(server.port, [request('{"pagesize":1}')], { idleMs: 300 });
  t.equal(normal.status, 200);
});
