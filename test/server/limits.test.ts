import type { Socket } from 'node:net';
import t from 'tap';
import { createErrorRegistry, createErrorRenderer } from '../../src/errors.js';
import { createClientErrorHandler } from '../../src/server/client-errors.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { fake } from '../helpers/fake.js';
import { exchange, listen, request } from '../helpers/socket.js';
import { api } from '../helpers/spec.js';

const validateResponse = createResponseValidator(api);
const envelope = (body: string): { code: number; message: string } => JSON.parse(body) as { code: number; message: string };

t.test('defaults are set on purpose', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  await app.ready();
  t.equal(app.initialConfig.bodyLimit, 65_536);
  t.equal(app.server.requestTimeout, 10_000);
  t.equal(app.server.headersTimeout, 10_000, 'the same limit for the head as for the whole request');
  t.equal(app.server.keepAliveTimeout, 5_000);
  t.equal((app.server as unknown as { maxHeaderSize: number }).maxHeaderSize, 16_384);
});

t.test('a slow client gets 408 in the envelope and the connection closes', async (t) => {
  const app = fake({ requestTimeoutMs: 400 });
  t.teardown(() => app.close());
  const port = await listen(app);
  const full = request('{"pagesize":1}');
  const answer = await exchange(port, [full.slice(0, 20), full.slice(20, 40)], { pauseMs: 50, idleMs: 5000 });
  t.equal(answer.status, 408);
  t.ok(answer.closed, 'closed by the server, before the client gave up');
  t.match(envelope(answer.body).message, /did not arrive in time: the limit is 400 ms/);
  t.same(validateResponse(408, JSON.parse(answer.body)).valid, true);
});

t.test('a slow body is cut at the same limit as a slow head: 408 in the envelope, connection closed', async (t) => {
  const app = fake({ requestTimeoutMs: 300 });
  t.teardown(() => app.close());
  const port = await listen(app);
  const body = JSON.stringify({ pagesize: 1, filter: { region: 'US' } });
  const full = request(body);
  const head = full.slice(0, full.length - body.length);
  // The head at once, then the body a byte every 50 ms: it would take 2 s, several times the limit.
  const answer = await exchange(port, [head, ...body.split('')], { pauseMs: 50, idleMs: 5000 });
  t.equal(answer.status, 408);
  t.ok(answer.closed, 'closed by the server');
  t.match(envelope(answer.body).message, /did not arrive in time: the limit is 300 ms for headers and body/);
  t.same(validateResponse(408, JSON.parse(answer.body)).valid, true);
  t.ok(answer.written < body.length, `cut before the body was sent (${answer.written} of ${head.length + body.length} pieces written)`);
});

t.test('oversized headers get 431 in the envelope', async (t) => {
  const app = fake({ maxHeaderSize: 2048 });
  t.teardown(() => app.close());
  const port = await listen(app);
  const answer = await exchange(port, [request('{}', { 'x-padding': 'p'.repeat(4000) })]);
  t.equal(answer.status, 431);
  t.ok(answer.closed);
  t.match(envelope(answer.body).message, /headers are too large: the limit is 2048 bytes/);
  t.same(validateResponse(431, JSON.parse(answer.body)).valid, true);
  const longAuth = await exchange(port, [request('{}', { authorization: `Bearer ${'k'.repeat(3000)}` })]);
  t.equal(longAuth.status, 431, 'a very long Authorization is refused before it is read');
  t.notMatch(longAuth.text, /kkkk/);
});

t.test('bytes that are not HTTP get 400 in the envelope', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const port = await listen(app);
  for (const garbage of ['\x00\x01\x02 hello\r\n\r\n', 'POST / HTTP/9.9\r\n\r\n', 'GET /\r\nHost x\r\n\r\n']) {
    const answer = await exchange(port, [garbage]);
    t.equal(answer.status, 400, JSON.stringify(garbage));
    t.equal(envelope(answer.body).code, 10001);
    t.match(envelope(answer.body).message, /not valid HTTP\/1\.1/);
  }
});

t.test('an idle kept-alive connection is closed after the keep-alive timeout', async (t) => {
  const app = fake({ keepAliveTimeoutMs: 200 });
  t.teardown(() => app.close());
  const port = await listen(app);
  const answer = await exchange(port, [request('{"pagesize":1}')], { idleMs: 5000 });
  t.equal(answer.status, 200);
  t.ok(answer.closed, 'the server closed the idle connection, before the client gave up');
});

t.test('chunked bodies and pipelined requests work over a real socket', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const port = await listen(app);
  const head =
    'POST /creator/v1/rank/topPotential HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n';
  const chunked = await exchange(port, [head, '5\r\n{"pag\r\n', 'a\r\nesize": 2}\r\n', '0\r\n\r\n'], { pauseMs: 20, idleMs: 300 });
  t.equal(chunked.status, 200);
  t.equal((JSON.parse(chunked.body) as { data: { list: unknown[] } }).data.list.length, 2);
  const pipelined = await exchange(port, [request('{"pagesize":1}') + request('{"page":0}')], { idleMs: 300 });
  t.same(
    [...pipelined.text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]),
    ['200', '400'],
  );
});

t.test('a client that already reset or closed gets nothing written', async (t) => {
  const ended: string[] = [];
  const handle = createClientErrorHandler({
    renderError: createErrorRenderer(createErrorRegistry(api)),
    seed: 1,
    clock: () => new Date(0),
    requestTimeoutMs: 1,
    maxHeaderSize: 1,
  });
  const socket = (destroyed: boolean) => ({ destroyed, end: (text: string) => void ended.push(text) }) as unknown as Socket;
  handle(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), socket(false));
  handle(Object.assign(new Error('parse'), { code: 'HPE_INVALID_METHOD' }), socket(true));
  t.same(ended, []);
  handle(Object.assign(new Error('parse'), { code: 'HPE_INVALID_METHOD' }), socket(false));
  t.match(ended[0], /^HTTP\/1\.1 400 Bad Request\r\n/);
});
