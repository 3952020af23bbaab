import t, { type Test } from 'tap';
import { nestsDeeperThan } from '../../src/json-depth.js';
import { RunStopped, TargetUnreachableError } from '../../src/contract/contract-errors.js';
import { createHttpClient, type HttpClientOptions } from '../../src/contract/http-client.js';
import {
  AnswerTooLarge,
  DEFAULT_MAX_BODY_BYTES,
  describeBytes,
  ExchangeFailed,
  sendExchange,
  type OutgoingRequest,
} from '../../src/contract/send-exchange.js';
import { startHostileUpstream, type HostileAnswer } from '../helpers/hostile-upstream.js';

const MIB = 1024 * 1024;
const ENDPOINT = '/creator/v1/rank/topPotential';

const outgoing = (baseUrl: string): OutgoingRequest => ({
  url: `${baseUrl}${ENDPOINT}`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{}',
  shown: { method: 'POST', path: ENDPOINT, body: {} },
});

/** What sendExchange throws against a hostile upstream (or undefined when it returns), and the upstream. */
async function send(t: Test, answer: HostileAnswer, options: { maxBodyBytes?: number; timeoutMs?: number } = {}) {
  const upstream = await startHostileUpstream(answer);
  t.teardown(() => upstream.close());
  const error = await sendExchange(outgoing(upstream.baseUrl), { target: upstream.baseUrl, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, upstream };
}

t.test('the default limit is 8 MiB: an endless chunked body stops there, the request aborted', async (t) => {
  t.equal(DEFAULT_MAX_BODY_BYTES, 8 * MIB);
  const { error, upstream } = await send(t, 'endless-chunked');
  t.ok(error instanceof AnswerTooLarge, 'an answer past the limit, not a hang and not an out-of-memory');
  t.match(error, { limitBytes: 8 * MIB, status: 200, contentEncoding: undefined, request: { method: 'POST', path: ENDPOINT } });
  t.equal((error as Error).message, 'the answer (HTTP 200) is larger than 8 MiB');
  // The client went away: the server stops writing (give the close a moment to reach it).
  const until = Date.now() + 5000;
  while (upstream.abandoned() < 1 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(upstream.abandoned(), 1, 'the connection was closed by the client');
});

t.test('decoded bytes are counted: gzip, br and deflate bombs stop at the limit while they inflate', async (t) => {
  for (const bomb of ['endless-gzip', 'br-bomb', 'deflate-bomb'] as const) {
    const { error, upstream } = await send(t, bomb, { maxBodyBytes: MIB });
    t.ok(error instanceof AnswerTooLarge, `${bomb}: too large`);
    t.match(error, { limitBytes: MIB, contentEncoding: { 'endless-gzip': 'gzip', 'br-bomb': 'br', 'deflate-bomb': 'deflate' }[bomb] });
    // On the wire each is far below the limit: only the inflated size can have stopped it.
    if (bomb !== 'endless-gzip') t.ok(upstream.written() < MIB, `${bomb}: ${upstream.written()} bytes on the wire`);
  }
});

t.test('an answer at the limit is read whole; one byte more is too large', async (t) => {
  const body = JSON.stringify({ code: 0, pad: 'x'.repeat(1000) });
  const fetchOf = (): typeof fetch => async () => new Response(body, { headers: { 'content-type': 'application/json' } });
  const at = await sendExchange(outgoing('http://h.test'), { target: 'http://h.test', maxBodyBytes: body.length, fetch: fetchOf() });
  t.equal(at.rawBody, body);
  t.match(at.exchange.response.body, { code: 0 });
  await t.rejects(
    sendExchange(outgoing('http://h.test'), { target: 'http://h.test', maxBodyBytes: body.length - 1, fetch: fetchOf() }),
    AnswerTooLarge,
  );
  // Multi-byte characters are counted as bytes, and decoded whole across chunks.
  const chunked = new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode('{"name":"备注"}');
      for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
      controller.close();
    },
  });
  const split = await sendExchange(outgoing('http://h.test'), {
    target: 'http://h.test',
    fetch: async () => new Response(chunked, { headers: { 'content-type': 'application/json' } }),
  });
  t.same(split.exchange.response.body, { name: '备注' });
});

t.test('the timeout covers the whole body: a body that trickles for ever times out', async (t) => {
  // The body never ends: without the timeout this would never resolve (and tap would call the file hung).
  const { error } = await send(t, 'trickle', { timeoutMs: 300 });
  t.ok(error instanceof ExchangeFailed);
  t.equal((error as ExchangeFailed).timedOut, true);
  t.match((error as Error).message, 'no whole answer within 300 ms');
  // A fetch (a test seam) that ignores the signal is still given up on.
  const stalled = await sendExchange(outgoing('http://h.test'), {
    target: 'http://h.test',
    timeoutMs: 50,
    fetch: async () => new Response(new ReadableStream({ pull: () => new Promise(() => undefined) })),
  }).catch((e: unknown) => e);
  t.match(stalled, { timedOut: true });
  const neverAnswers = await sendExchange(outgoing('http://h.test'), {
    target: 'http://h.test',
    timeoutMs: 50,
    fetch: () => new Promise(() => undefined),
  }).catch((e: unknown) => e);
  t.match(neverAnswers, { timedOut: true });
});

t.test('a JSON body nested deeper than a recording may be is kept as text, never walked recursively', async (t) => {
  const depth = 1_000_000;
  const deep = `{"code":0,"data":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const sent = await sendExchange(outgoing('http://h.test'), {
    target: 'http://h.test',
    fetch: async () => new Response(deep, { headers: { 'content-type': 'application/json' } }),
  });
  t.equal(sent.exchange.response.text, deep);
  t.notOk('body' in sent.exchange.response);
  t.equal(sent.rawBody, deep);
  t.equal(nestsDeeperThan('{"a":[1,{"b":[]}]}', 4), false);
  t.equal(nestsDeeperThan('{"a":[1,{"b":[]}]}', 3), true);
  t.equal(nestsDeeperThan('["[[[[", "\\"", "\\\\", {}]', 1), true, 'brackets in strings, escaped quotes and backslashes');
  t.equal(nestsDeeperThan('["[[[[", "\\"", "\\\\", {}]', 2), false);
  const atLimit = `${'['.repeat(64)}${']'.repeat(64)}`;
  const parsed = await sendExchange(outgoing('http://h.test'), {
    target: 'http://h.test',
    fetch: async () => new Response(atLimit, { headers: { 'content-type': 'application/json' } }),
  });
  t.ok('body' in parsed.exchange.response, '64 levels are kept parsed, as a recording may hold them');
});

t.test('describeBytes', async (t) => {
  t.equal(describeBytes(8 * MIB), '8 MiB');
  t.equal(describeBytes(1.5 * MIB), '1.5 MiB');
  t.equal(describeBytes(2048), '2 KiB');
  t.equal(describeBytes(1536), '1.5 KiB');
  t.equal(describeBytes(100), '100 bytes');
});

const clientFor = (baseUrl: string, overrides: Partial<HttpClientOptions> = {}) =>
  createHttpClient({
    baseUrl,
    facts: { method: 'POST', path: ENDPOINT, rateLimitCode: 30003, quotaCode: 30002 },
    budget: 10,
    paceMs: 0,
    deadline: Date.now() + 60_000,
    ...overrides,
  });

t.test("the client: each request waits at most until the run's deadline, and is then a clean stop", async (t) => {
  const upstream = await startHostileUpstream('silent');
  t.teardown(() => upstream.close());
  const started = Date.now();
  const stop = await clientFor(upstream.baseUrl, { deadline: Date.now() + 400 })
    .send({ authorization: 'none' })
    .catch((e: unknown) => e);
  const took = Date.now() - started;
  t.ok(stop instanceof RunStopped, 'RunStopped, not a target error');
  t.equal((stop as RunStopped).reason, 'time');
  t.match((stop as Error).message, /the time limit is reached while waiting for an answer/);
  t.ok(took < 5000, `stopped after ${took} ms, not the request's own 30 s`);
  // Its own, shorter limit is the target's failure, as before.
  const own = await clientFor(upstream.baseUrl, { requestTimeoutMs: 100 })
    .send({ authorization: 'none' })
    .catch((e: unknown) => e);
  t.ok(own instanceof TargetUnreachableError);
  t.match((own as Error).message, /no whole answer within 100 ms/);
});

t.test('the client passes an answer past the size limit on as AnswerTooLarge, with the request shown (key redacted)', async (t) => {
  const upstream = await startHostileUpstream('endless-gzip');
  t.teardown(() => upstream.close());
  const error = await clientFor(upstream.baseUrl, { token: 'secret-key-123', maxBodyBytes: MIB })
    .send({ authorization: 'key', body: {} })
    .catch((e: unknown) => e);
  t.ok(error instanceof AnswerTooLarge);
  t.same((error as AnswerTooLarge).request.headers, { authorization: 'Bearer <redacted>', 'content-type': 'application/json' });
  t.notMatch(JSON.stringify(error), 'secret-key-123');
});
