import t from 'tap';
import { RunStopped, TargetUnreachableError } from '../../src/contract/contract-errors.js';
import { createHttpClient, retryAfterMs, type HttpClientOptions } from '../../src/contract/http-client.js';
import { closedPort, startMutantServer, TOKEN } from '../helpers/mutant-server.js';

const KEY = 'secret-key-123';

interface Call {
  readonly url: string;
  readonly init: RequestInit;
  readonly at: number;
}

/** A fake network and clock: `answers` are served in order (the last one repeats); sleeping moves the clock. */
function harness(answers: (() => Response)[], overrides: Partial<HttpClientOptions> = {}) {
  let now = 1_000_000;
  const calls: Call[] = [];
  const sleeps: number[] = [];
  const client = createHttpClient({
    baseUrl: 'https://api.example.test/base',
    token: KEY,
    facts: { method: 'POST', path: '/creator/v1/rank/topPotential', rateLimitCode: 30003, quotaCode: 30002 },
    budget: Number.POSITIVE_INFINITY,
    paceMs: 0,
    deadline: now + 60_000,
    fetch: async (url, init) => {
      calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {}, at: now });
      now += 10;
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)] as () => Response;
      return answer();
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    clock: () => now,
    ...overrides,
  });
  return { client, calls, sleeps };
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const ok = json({ code: 0, data: { list: [], total: '0' } });
const limited = (retryAfter?: string) =>
  json({ code: 30003, data: null, message: 'slow down' }, 429, retryAfter ? { 'retry-after': retryAfter } : {});

t.test('sends the one endpoint, the key only in the Authorization header, and records the exchange without it', async (t) => {
  const { client, calls } = harness([ok]);
  const exchange = await client.send({ authorization: 'key', body: { page: 1 } });
  t.equal(calls[0]?.url, 'https://api.example.test/base/creator/v1/rank/topPotential');
  t.equal(calls[0]?.init.method, 'POST');
  t.same(calls[0]?.init.headers, { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' });
  t.equal(calls[0]?.init.body, '{"page":1}');
  t.same(exchange.request, {
    method: 'POST',
    path: '/creator/v1/rank/topPotential',
    headers: { authorization: 'Bearer <redacted>', 'content-type': 'application/json' },
    body: { page: 1 },
  });
  t.same(exchange.response, {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: { code: 0, data: { list: [], total: '0' } },
  });
  t.equal(exchange.target, 'https://api.example.test/base');
  t.notOk(JSON.stringify(exchange).includes(KEY));
});

t.test('probes without the key: no header at all, or a fixed non-secret value; no body, no content type', async (t) => {
  const { client, calls } = harness([ok]);
  const none = await client.send({ authorization: 'none' });
  const other = await client.send({ authorization: { value: 'Basic abc' } });
  t.same(
    calls.map((c) => c.init.headers),
    [{}, { authorization: 'Basic abc' }],
  );
  t.equal(calls[0]?.init.body, undefined);
  t.same(none.request.headers, {});
  t.notOk('body' in none.request);
  t.same(other.request.headers, { authorization: 'Basic abc' });
});

t.test('answers that are not JSON, or empty, are kept as text or left out', async (t) => {
  const { client } = harness([
    () => new Response('<html>busy</html>', { status: 502, headers: { 'content-type': 'text/html', 'retry-after': '5' } }),
    () => new Response(null, { status: 204 }),
  ]);
  const html = await client.send({ authorization: 'key', body: {} });
  t.same(html.response, { status: 502, headers: { 'content-type': 'text/html', 'retry-after': '5' }, text: '<html>busy</html>' });
  const empty = await client.send({ authorization: 'key', body: {} });
  t.same(empty.response, { status: 204, headers: {} });
});

t.test('every request counts against the budget; past it the run stops', async (t) => {
  const { client, calls } = harness([ok], { budget: 2 });
  await client.send({ authorization: 'key', body: {} });
  await client.send({ authorization: 'key', body: {} });
  const stop = await client.send({ authorization: 'key', body: {} }).catch((error: unknown) => error);
  t.ok(stop instanceof RunStopped);
  t.equal((stop as RunStopped).reason, 'budget');
  t.match((stop as RunStopped).message, /budget of 2 requests is spent/);
  t.equal(calls.length, 2);
  t.equal(client.sent(), 2);
});

t.test('requests are paced: the next starts paceMs after the previous ended', async (t) => {
  const { client, calls, sleeps } = harness([ok], { paceMs: 500 });
  await client.send({ authorization: 'key', body: {} });
  await client.send({ authorization: 'key', body: {} });
  await client.send({ authorization: 'key', body: {} });
  t.same(sleeps, [500, 500]);
  t.equal((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0), 510);
});

t.test('a rate limit (429 or code 30003) is retried after Retry-After seconds; each retry is a request', async (t) => {
  const { client, calls, sleeps } = harness([
    limited('2'),
    json({ code: 30003, data: null, message: 'x' }, 200, { 'retry-after': '1' }),
    ok,
  ]);
  const exchange = await client.send({ authorization: 'key', body: {} });
  t.equal(exchange.response.status, 200);
  t.same(sleeps, [2000, 1000]);
  t.equal(calls.length, 3);
  t.equal(client.sent(), 3);
});

t.test('without Retry-After the wait doubles; after the last retry the run stops cleanly', async (t) => {
  const { client, sleeps } = harness([limited()], { maxRetries: 2 });
  const stop = await client.send({ authorization: 'key', body: {} }).catch((error: unknown) => error);
  t.same(sleeps, [1000, 2000]);
  t.equal((stop as RunStopped).reason, 'rate-limited');
});

t.test('a wait that would pass the time limit stops the run instead; so does reaching it', async (t) => {
  const { client } = harness([limited('120')]);
  const stop = await client.send({ authorization: 'key', body: {} }).catch((error: unknown) => error);
  t.equal((stop as RunStopped).reason, 'time');
  t.match((stop as RunStopped).message, /would wait 120 s/);
  const late = harness([ok], { deadline: 0 });
  const reached = await late.client.send({ authorization: 'key', body: {} }).catch((error: unknown) => error);
  t.equal((reached as RunStopped).reason, 'time');
  t.equal(late.calls.length, 0);
});

t.test('a used-up quota stops the run at once', async (t) => {
  const { client, calls } = harness([json({ code: 30002, data: null, message: 'quota' }, 403)]);
  const stop = await client.send({ authorization: 'key', body: {} }).catch((error: unknown) => error);
  t.equal((stop as RunStopped).reason, 'quota');
  t.equal(calls.length, 1);
});

t.test('Retry-After is read as seconds or as an HTTP date', async (t) => {
  t.equal(retryAfterMs(undefined, 0), undefined);
  t.equal(retryAfterMs(' 3 ', 0), 3000);
  t.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000), 6000);
  t.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 20_000), 0);
  t.equal(retryAfterMs('soon', 0), undefined);
});

t.test('an unreachable target is an error naming the URL, never the key or the URL credentials', async (t) => {
  const port = await closedPort();
  const { client } = harness([], { baseUrl: `http://user:${KEY}@127.0.0.1:${port}/?key=${KEY}`, fetch });
  const error = await client.send({ authorization: 'key', body: {} }).catch((e: unknown) => e);
  t.ok(error instanceof TargetUnreachableError);
  t.match((error as Error).message, `Failed to reach the target at http://127.0.0.1:${port}: ECONNREFUSED`);
  t.notOk((error as Error).message.includes(KEY));
  const failing = harness([], { fetch: async () => Promise.reject(new Error('socket hang up')) });
  t.rejects(failing.client.send({ authorization: 'key' }), /: socket hang up\. Make sure/);
  const causeWithoutCode = harness([], {
    fetch: async () => Promise.reject(new TypeError('fetch failed', { cause: new Error('bad cert') })),
  });
  t.rejects(causeWithoutCode.client.send({ authorization: 'key' }), /: bad cert\./);
});

t.test('without test seams: the real fetch, clock and timer', async (t) => {
  const server = await startMutantServer();
  t.teardown(() => server.close());
  const client = createHttpClient({
    baseUrl: `${server.baseUrl}/`,
    token: TOKEN,
    facts: { method: 'POST', path: '/creator/v1/rank/topPotential', rateLimitCode: 30003, quotaCode: 30002 },
    budget: 2,
    paceMs: 5,
    deadline: Date.now() + 10_000,
  });
  const first = await client.send({ authorization: 'key', body: {} });
  const second = await client.send({ authorization: 'none' });
  t.same([first.response.status, second.response.status], [200, 401]);
  t.equal(client.sent(), 2);
});
