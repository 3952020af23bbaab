import { writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import t from 'tap';
import {
  buildFakeServer,
  createProxySource,
  createReplaySource,
  runContract,
  startFakeServer,
  type RecordedExchange,
  type TopPotentialResult,
} from '../../src/index.js';
import { fakeHandlers } from '../../src/testing/msw.js';
import { ENDPOINT, NOW } from '../helpers/fake.js';
import { spec } from '../helpers/spec.js';
import { MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const headers = { authorization: 'Bearer helper-token', 'content-type': 'application/json' };
const post = (url: string, body: unknown, extra: Record<string, string> = {}) =>
  fetch(`${url}${ENDPOINT}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });

/** What an app would write: narrow on `code`, then use the data or the message. */
function describeResult(result: TopPotentialResult): string {
  if (result.code === 0) return `${result.data.list.length} creators of ${result.data.total}`;
  return `error ${result.code}: ${result.message}`;
}

t.test('startFakeServer: a free loopback port, a URL to call, close()', async (t) => {
  const first = await startFakeServer({ seed: 3, now: NOW });
  const second = await startFakeServer({ seed: 3, now: NOW });
  t.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(first.url, second.url, 'each on its own free port');
  const answer = (await (await post(first.url, { pagesize: 2 })).json()) as TopPotentialResult;
  t.match(describeResult(answer), /^2 creators of \d+$/);
  const refused = (await (await post(first.url, { pagesiz: 2 })).json()) as TopPotentialResult;
  t.match(describeResult(refused), /^error 10001: .*pagesiz/);
  t.equal((await first.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the app for inject() beside the socket');
  await first.close();
  await second.close();
  await t.rejects(post(first.url, {}), 'closed');
  const taken = Number(new URL(second.url).port);
  const holder = await startFakeServer({ port: taken });
  t.teardown(() => holder.close());
  await t.rejects(startFakeServer({ port: taken }), {
    code: 'FMK_ERR_SYSTEM',
    message: new RegExp(
      `^Failed to start the fake server on 127\\.0\\.0\\.1:${taken}: .*EADDRINUSE.*\\. Pass another port, or 0 for a free one\\.$`,
    ),
  }); // An address that is not this machine's (TEST-NET-3): the host is to blame, not the port.
  await t.rejects(startFakeServer({ host: '203.0.113.1' }), {
    code: 'FMK_ERR_SYSTEM',
    message:
      /^Failed to start the fake server on 203\.0\.113\.1:0: .*EADDRNOTAVAIL.*\. The host option must be an address of this machine \(it is not an address of this machine\): 127\.0\.0\.1, the default, or 0\.0\.0\.0\.$/,
  });
});

t.test(
  "startFakeServer's close(): idle kept-alive connections are closed at once, without the drain's quiet wait; a request in flight is answered",
  async (t) => {
    const fake = await startFakeServer({ now: NOW });
    const sockets: Socket[] = [];
    fake.app.server.on('connection', (socket: Socket) => sockets.push(socket));
    t.equal((await post(fake.url, { pagesize: 1 })).status, 200, 'fetch keeps its connection alive');
    const inFlight = post(fake.url, { pagesize: 1 }, { prefer: 'latency=60000' });
    while (sockets.length < 2) await new Promise((resolve) => setImmediate(resolve));
    const [idle, busy] = sockets;
    t.notOk(idle?.destroyed, 'the idle connection is open before close()');
    const closing = fake.close();
    t.ok(idle?.destroyed, 'and closed as close() is called, before the drain could wait for quiet on it');
    t.notOk(busy?.destroyed, 'the connection of the request in flight is kept');
    const answer = await inFlight;
    t.same([answer.status, answer.headers.get('connection')], [200, 'close'], 'its delay ends and it is answered');
    await closing;
    await t.rejects(post(fake.url, {}), 'no longer listening');
  },
);

const recorded: RecordedExchange = {
  request: {
    method: 'POST',
    path: ENDPOINT,
    headers: { authorization: 'Bearer <redacted>' },
    body: { pagesize: 1, filter: { region: 'GB' } },
  },
  response: {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: {
      code: 0,
      data: { list: [], total: '0', date_type: 'month', date_value: '2026-03' },
      message: 'recorded',
      timestamp: 1,
      request_id: 'r',
    },
  },
  recorded_at: '2026-03-02T00:00:00Z',
  target: 'https://openapi.fastmoss.com',
};

t.test('createReplaySource: from a directory or from exchanges in memory, as serve --fixtures', async (t) => {
  const dir = tempDir('helpers-');
  writeFileSync(join(dir, '001-gb.json'), JSON.stringify(recorded));
  for (const [source, name] of [
    [await createReplaySource(dir), 'recorded 001-gb.json'],
    [await createReplaySource([recorded], { spec: 'spec/openapi.yaml' }), 'recorded #1'],
  ] as const) {
    const app = buildFakeServer({ source, now: NOW });
    const hit = await app.inject({ method: 'POST', url: ENDPOINT, headers, payload: { filter: { region: 'GB' }, pagesize: 1, page: 1 } });
    t.same([hit.statusCode, hit.headers['x-fake-source'], hit.json().message], [200, name, 'recorded']);
    const miss = await app.inject({ method: 'POST', url: ENDPOINT, headers, payload: { pagesize: 1 } });
    t.equal(miss.headers['x-fake-source'], 'generated');
    await app.close();
  }
  await t.rejects(createReplaySource([{ request: recorded.request } as RecordedExchange]), {
    name: 'ContractSetupError',
    message: /^recordings\[0\] is not a recorded exchange: "response" must be an object/,
  });
  writeFileSync(join(dir, '002-broken.json'), JSON.stringify({ request: recorded.request }));
  await t.rejects(createReplaySource(dir), {
    name: 'ContractSetupError',
    message: /002-broken\.json is not a recorded exchange: "response" must be an object/,
  });
  await t.rejects(createReplaySource(join(dir, 'missing')), {
    name: 'ContractSetupError',
    message: /Failed to read recorded exchanges from/,
  });
});

t.test(
  'a replayed answer: Prefer seed and empty ask for generated data; the other scenarios, rate limit and quota apply as to a generated one',
  async (t) => {
    const body = { filter: { region: 'GB' }, pagesize: 1 };
    const source = await createReplaySource([recorded]);
    const app = buildFakeServer({ source, now: NOW, quota: 2, rateLimit: 1, rateLimitBurst: 3, monotonicMs: () => 0 });
    t.teardown(() => app.close());
    const ask = async (prefer?: string, token = 'replay-token') => {
      const answer = await app.inject({
        method: 'POST',
        url: ENDPOINT,
        headers: { ...headers, authorization: `Bearer ${token}`, ...(prefer === undefined ? {} : { prefer }) },
        payload: body,
      });
      return { status: answer.statusCode, source: answer.headers['x-fake-source'], json: answer.json<TopPotentialResult>() };
    };
    const empty = await ask('empty=true', 'other-token');
    t.match(empty, { status: 200, source: 'generated', json: { code: 0, data: { list: [], total: '0' } } }, 'Prefer: empty');
    const seeded = await ask('seed=7', 'other-token');
    t.match(seeded, { status: 200, source: 'generated', json: { code: 0 } }, 'Prefer: seed');
    t.not(seeded.json.code === 0 && seeded.json.data.total, '0');
    t.match(await ask('code=30003'), { status: 429, json: { code: 30003 } }, 'Prefer: code, before the recording');
    t.match(await ask(), { status: 200, source: 'recorded #1', json: { message: 'recorded' } });
    t.match(await ask('latency=1'), { status: 200, source: 'recorded #1' }, 'Prefer: latency');
    t.match(await ask(), { status: 403, json: { code: 30002 } }, 'two replayed answers used up a quota of 2');
    t.match(await ask(), { status: 429, json: { code: 30003 } }, 'and a bucket of 3 is empty after three calls');
  },
);

t.test(
  'createReplaySource: a credential a recording carries is redacted from what it replays, from a directory as from an array',
  async (t) => {
    const key = 'RealKey-0123456789';
    const token = 'AccessToken-9876543210';
    const leaky: RecordedExchange = {
      ...recorded,
      request: {
        ...recorded.request,
        path: `${ENDPOINT}?client_id=c&access_token=${token}&sign=abc`,
        headers: { authorization: `Bearer ${key}` },
      },
      response: {
        ...recorded.response,
        body: { code: 0, data: recorded.response.body, message: `echo ${key} ${token} access_token=${token}` },
      },
    };
    const dir = tempDir('helpers-');
    writeFileSync(join(dir, '001-leaky.json'), JSON.stringify(leaky));
    const answers: string[] = [];
    for (const source of [await createReplaySource(dir), await createReplaySource([leaky])]) {
      const app = buildFakeServer({ source, now: NOW });
      const hit = await app.inject({ method: 'POST', url: ENDPOINT, headers, payload: { filter: { region: 'GB' }, pagesize: 1 } });
      await app.close();
      t.match(hit.headers['x-fake-source'], /^recorded /);
      t.notMatch(hit.body, key);
      t.notMatch(hit.body, token);
      answers.push(hit.body);
    }
    t.equal(answers[0], answers[1], 'the same answer from both forms');
    t.match(JSON.parse(answers[0] ?? '{}'), { message: 'echo <redacted> <redacted> access_token=<redacted>' });
  },
);

t.test("runContract from the package's entry loads the suite when it runs", async (t) => {
  const dir = tempDir('helpers-');
  writeFileSync(join(dir, '001-gb.json'), JSON.stringify(recorded));
  const result = await runContract({ offline: dir, reportDir: tempDir('helpers-report-') });
  t.match(result, { verdict: 'drift', report: { cases: [{ category: 'offline', outcome: 'failed' }] } }, 'the hand-made recording judged');
});

t.test("createProxySource: forwards with the caller's token, reports violations in a header, the log and onExchange", async (t) => {
  const upstream = await startMutantServer();
  t.teardown(() => upstream.close());
  upstream.use(MUTATIONS.fieldAdded);
  const lines: string[] = [];
  const seen: string[] = [];
  const app = buildFakeServer({
    source: createProxySource(upstream.baseUrl, {
      log: (line) => lines.push(line),
      onExchange: (exchange, violations) =>
        seen.push(`${exchange.request.headers?.['authorization']} ${violations.length} ${violations[0]?.count}`),
      timeoutMs: 5000,
    }),
  });
  t.teardown(() => app.close());
  const answer = await app.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { ...headers, authorization: `Bearer ${TOKEN}` },
    payload: {},
  });
  t.equal(answer.statusCode, 200, "the upstream accepted the caller's own token");
  t.match(answer.headers['x-spec-violations'], /shop_level undocumented-field/);
  t.match(lines[0], /^proxy: POST \/creator\/v1\/rank\/topPotential -> 200: .*shop_level undocumented-field.* \(at 10 places\)$/);
  t.equal(lines.length, 1, 'one line for the 10 items');
  t.same(seen, ['Bearer <redacted> 1 10'], 'the same violation on each item of the page is one, counted; the token redacted');

  const strict = buildFakeServer({ source: createProxySource(upstream.baseUrl, { errors: true, log: () => undefined }) });
  t.teardown(() => strict.close());
  t.equal(
    (await strict.inject({ method: 'POST', url: ENDPOINT, headers: { ...headers, authorization: `Bearer ${TOKEN}` }, payload: {} }))
      .statusCode,
    500,
    'errors: a violating answer is replaced',
  );

  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string) => written.push(chunk) > 0;
  try {
    const quiet = buildFakeServer({ source: createProxySource(upstream.baseUrl) });
    await quiet.inject({ method: 'POST', url: ENDPOINT, headers: { ...headers, authorization: `Bearer ${TOKEN}` }, payload: {} });
    await quiet.close();
  } finally {
    process.stderr.write = write;
  }
  t.ok(
    written.length > 0 && written.every((line) => /^proxy: POST .*undocumented-field.*\n$/.test(line)),
    'by default, violations go to stderr, a line each',
  );
});

t.test('MSW handlers answer intercepted fetches through the fake, errors, scenarios and all', async (t) => {
  const server = setupServer(...fakeHandlers({ seed: 5, now: NOW, quota: 2 }));
  server.listen({ onUnhandledRequest: 'error' });
  t.teardown(() => server.close());
  const base = 'https://openapi.fastmoss.com';
  const ok = await post(base, { pagesize: 3 });
  t.equal(ok.status, 200);
  t.equal(ok.headers.get('x-fake-source'), 'generated');
  const body = (await ok.json()) as TopPotentialResult;
  t.equal(describeResult(body).split(' ')[0], '3');
  const viaApp = buildFakeServer({ seed: 5, now: NOW });
  t.teardown(() => viaApp.close());
  const direct = await viaApp.inject({ method: 'POST', url: ENDPOINT, headers, payload: { pagesize: 3 } });
  t.same(body, direct.json(), 'the same answer as the fake gives through inject');
  const limited = await post(base, {}, { prefer: 'code=30003, retry-after=4' });
  t.same([limited.status, limited.headers.get('retry-after')], [429, '4']);
  t.equal((await post(base, {})).status, 200, 'the second call of the quota');
  t.equal(((await (await post(base, {})).json()) as TopPotentialResult).code, 30002, 'the quota holds across intercepted calls');
  const wrongMethod = await fetch(`${base}${ENDPOINT}?sign=x`, { method: 'GET', headers });
  t.same([wrongMethod.status, wrongMethod.headers.get('allow')], [405, 'POST']);
  t.equal((await fetch(`${base}/healthz`)).status, 200);
});

t.test('MSW handlers for an app with its own base URL (a path prefix), answering through a fake of its own', async (t) => {
  const app = buildFakeServer({ now: NOW, tokens: ['only-this'] });
  t.teardown(() => app.close());
  const server = setupServer(...fakeHandlers({ baseUrl: 'http://gateway.test/fastmoss/', app }));
  server.listen({ onUnhandledRequest: 'error' });
  t.teardown(() => server.close());
  const refused = await post('http://gateway.test/fastmoss', {});
  t.equal(refused.status, 401, 'the given fake, with its --token, answered');
  const accepted = await post('http://gateway.test/fastmoss', {}, { authorization: 'Bearer only-this' });
  t.equal(accepted.status, 200);
  const root = await fetch('http://gateway.test/fastmoss/', { method: 'DELETE' });
  t.equal(root.status, 404, "the prefix itself is the fake's root");
});

t.test('MSW handlers: an answer without a body, and the production URL when the spec names no server', async (t) => {
  const app = buildFakeServer({ now: NOW });
  app.get('/empty', async (_request, reply) => reply.code(204).header('set-cookie', ['a=1', 'b=2']).send());
  t.teardown(() => app.close());
  const { servers: _servers, ...withoutServers } = spec;
  const server = setupServer(
    ...fakeHandlers({ app, baseUrl: 'http://gateway.test' }),
    ...fakeHandlers({ spec: withoutServers as typeof spec, now: NOW }),
  );
  server.listen({ onUnhandledRequest: 'error' });
  t.teardown(() => server.close());
  const empty = await fetch('http://gateway.test/empty');
  t.same([empty.status, await empty.text()], [204, ''], 'no body, as the status says');
  t.equal((await post('https://openapi.fastmoss.com', {})).status, 200, "a spec without servers: the vendor's production URL");
});
