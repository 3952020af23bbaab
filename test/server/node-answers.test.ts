import { connect } from 'node:net';
import t from 'tap';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { fake } from '../helpers/fake.js';
import { exchange, listen, request } from '../helpers/socket.js';
import { api } from '../helpers/spec.js';

const validateResponse = createResponseValidator(api);
const BODY = '{"pagesize":1}';
const raw = (head: string, body = BODY): string =>
  `${head}\r\nauthorization: Bearer t\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

// Every answer Node's HTTP server would give on its own, before or instead of Fastify, and what the fake answers.
const cases: { name: string; pieces: string[]; status: number; code: number; message: RegExp; closed: boolean }[] = [
  {
    name: 'bytes that are not HTTP (Node: bare 400)',
    pieces: ['\x16\x03\x01 hello\r\n\r\n'],
    status: 400,
    code: 10001,
    message: /not valid HTTP\/1\.1/,
    closed: true,
  },
  {
    name: 'Content-Length with Transfer-Encoding (Node: bare 400)',
    pieces: [request(BODY, { 'transfer-encoding': 'chunked' })],
    status: 400,
    code: 10001,
    message: /not valid HTTP\/1\.1/,
    closed: true,
  },
  {
    name: 'an oversized head (Node: bare 431)',
    pieces: [request(BODY, { 'x-pad': 'p'.repeat(20_000) })],
    status: 431,
    code: 10001,
    message: /headers are too large/,
    closed: true,
  },
  {
    name: 'an Expect other than 100-continue (Node: bare 417)',
    pieces: [request(BODY, { expect: 'teapot-please' })],
    status: 400,
    code: 10001,
    message: /^Expect "teapot-please" is not supported: .*Send no Expect header, or "Expect: 100-continue"\.$/,
    closed: true,
  },
  {
    name: 'HTTP/1.1 without Host (Node: bare 400)',
    pieces: [raw('POST /creator/v1/rank/topPotential HTTP/1.1')],
    status: 400,
    code: 10001,
    message: /^Host header is missing/,
    closed: true,
  },
  {
    name: 'CONNECT (Node: drops the socket)',
    pieces: ['CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n'],
    status: 405,
    code: 20001,
    message: /Method CONNECT is not allowed/,
    closed: true,
  },
  {
    name: 'OPTIONS * (Node: passes it on)',
    pieces: ['OPTIONS * HTTP/1.1\r\nhost: x\r\n\r\n'],
    status: 404,
    code: 20001,
    message: /OPTIONS \* does not exist/,
    closed: false,
  },
];

t.test('what Node would answer on its own is answered in the envelope', async (t) => {
  const app = fake({ requestTimeoutMs: 2000 });
  t.teardown(() => app.close());
  const port = await listen(app);
  for (const c of cases) {
    const answer = await exchange(port, c.pieces, { idleMs: 400 });
    t.equal(answer.status, c.status, c.name);
    const body = JSON.parse(answer.body) as { code: number; message: string };
    t.equal(body.code, c.code, `${c.name}: code`);
    t.match(body.message, c.message, `${c.name}: message`);
    t.same(validateResponse(c.status, body).valid, true, `${c.name}: the spec's envelope`);
    t.equal(answer.closed, c.closed, `${c.name}: ${c.closed ? 'closed' : 'kept open'}`);
  }
});

t.test('what Node passes on as it should still gets the normal answer', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const port = await listen(app);
  const http10 = await exchange(port, [raw('POST /creator/v1/rank/topPotential HTTP/1.0')], { idleMs: 400 });
  t.equal(http10.status, 200, 'HTTP/1.0 needs no Host');
  const upgrade = await exchange(port, [request(BODY, { connection: 'upgrade', upgrade: 'websocket' })], { idleMs: 400 });
  t.equal(upgrade.status, 200, 'an Upgrade nobody accepts is an ordinary request');
  const head = request(BODY, { expect: '100-continue' });
  const continued = await exchange(port, [head.slice(0, head.length - BODY.length), BODY], { pauseMs: 100, idleMs: 400 });
  t.match(continued.text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/, 'Expect: 100-continue gets 100, then the answer');
});

t.test('past maxConnections a new connection is closed at once, without an answer; room is made as others close', async (t) => {
  const app = fake({ maxConnections: 2, keepAliveTimeoutMs: 60_000 });
  t.teardown(() => app.close());
  const port = await listen(app);
  const open = async () => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  };
  const first = await open();
  const second = await open();
  const third = await exchange(port, [request(BODY)], { idleMs: 2000 });
  t.same([third.closed, third.text], [true, ''], 'the third is closed with nothing written');
  first.destroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const fourth = await exchange(port, [request(BODY)], { idleMs: 400 });
  t.equal(fourth.status, 200, 'answered once a connection closed');
  second.destroy();
});
