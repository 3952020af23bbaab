import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { readExchanges } from '../../src/contract/offline.js';
import { proxyAnswers } from '../../src/record/proxy-source.js';
import { recordExchanges } from '../../src/record/record-exchanges.js';
import { fileNameFor } from '../../src/record/recording-folder.js';
import { recordedBody, replayAnswers } from '../../src/record/replay-source.js';
import { ENDPOINT, fake } from '../helpers/fake.js';
import { captureIo } from '../helpers/io.js';
import { wholeRecordings } from '../helpers/recordings.js';
import { listen } from '../helpers/socket.js';
import { MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { api } from '../helpers/spec.js';
import { assertClean, CANARY, QUERY } from '../helpers/signed-canary.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = (): string => tempDir('record-');
const BODIES = [
  { filter: { region: 'US', date_info: { type: 'month', value: '2026-03' } }, pagesize: 3 },
  { pagesize: 2, filter: { region: 'GB', creator_category_id: 4 } },
  { page: 0 },
];

const upstreamPost = async (baseUrl: string, body: string, token = TOKEN) =>
  fetch(`${baseUrl}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });

t.test('record, then replay: the same bodies, byte for byte, whatever the key order and defaults', async (t) => {
  const upstream = await startMutantServer();
  t.teardown(() => upstream.close());
  const dir = tmp();
  const lines: string[] = [];
  const result = await recordExchanges(api, {
    baseUrl: upstream.baseUrl,
    token: TOKEN,
    requests: BODIES,
    outDir: dir,
    budget: 10,
    paceMs: 0,
    timeoutS: 30,
    output: (l) => lines.push(l),
  });
  t.same(
    result.files.map((f) => [f.file, f.status, f.violations]),
    [
      ['001-us-month-2026-03.json', 200, []],
      ['002-gb.json', 200, []],
      ['003-invalid.json', 400, []],
    ],
  );
  t.match(lines[0], /^record: 1\/3 001-us-month-2026-03\.json HTTP 200$/);
  const saved = JSON.parse(readFileSync(join(dir, '001-us-month-2026-03.json'), 'utf8')) as {
    request: { headers: Record<string, string> };
    recorded_at: string;
    violations: unknown[];
  };
  t.equal(saved.request.headers['authorization'], 'Bearer <redacted>');
  t.ok(Date.parse(saved.recorded_at) > 0);

  const replay = fake({ seed: 99, source: replayAnswers(api, await readExchanges(dir)) });
  t.teardown(() => replay.close());
  const replayed = async (payload: unknown) =>
    replay.inject({ method: 'POST', url: ENDPOINT, headers: { authorization: 'Bearer anything' }, payload: payload as object });
  const original = await (await upstreamPost(upstream.baseUrl, JSON.stringify(BODIES[0]))).text();
  const reordered = await replayed({
    pagesize: 3,
    page: 1,
    orderby: [{ field: 'potential_index', order: 'desc' }],
    filter: { date_info: { value: '2026-03', type: 'month' }, region: 'US' },
  });
  t.equal(reordered.body, original, 'byte-identical to what the upstream sent');
  t.equal(reordered.headers['x-fake-source'], 'recorded 001-us-month-2026-03.json');
  const invalid = await replayed({ page: 0 });
  t.same([invalid.statusCode, invalid.headers['x-fake-source']], [400, 'recorded 003-invalid.json']);
  const other = await replayed({ pagesize: 4 });
  t.same([other.statusCode, other.headers['x-fake-source']], [200, 'generated']);
  t.equal((await replay.inject({ method: 'POST', url: ENDPOINT, payload: {} })).statusCode, 401, 'auth still applies to replayed answers');
});

t.test('recorded answers that violate the spec are kept and marked; record exits 1; the key is nowhere', async (t) => {
  const canary = `canary-${randomBytes(10).toString('hex')}`;
  const upstream = await startMutantServer(canary);
  t.teardown(() => upstream.close());
  upstream.use(MUTATIONS.totalAsNumber);
  const dir = tmp();
  const requests = join(dir, 'requests.json');
  writeFileSync(requests, JSON.stringify([BODIES[0]]));
  const out = join(dir, 'out');
  const io = captureIo({ FASTMOSS_API_KEY: canary });
  t.equal((await runCli(['record', '--base-url', upstream.baseUrl, '--requests', requests, '--out', out], io)).exitCode, 1);
  t.match(io.out(), /recorded 1 exchange\(s\) into .*; 1 violate the spec: 001-us-month-2026-03\.json/);
  const text = readFileSync(join(out, '001-us-month-2026-03.json'), 'utf8');
  t.match(text, /"violations": \[\n\s+"\$\.data\.total schema-type/);
  t.match(io.progressLines()[0], /^record: 1\/1 001-us-month-2026-03\.json HTTP 200, 1 spec violation\(s\), kept and marked$/);
  for (const output of [io.out(), io.err(), io.progressLines().join('\n'), text]) t.notMatch(output, canary);
  upstream.use(MUTATIONS.keyEchoed);
  const echoDir = join(dir, 'echo');
  await runCli(['record', '--base-url', upstream.baseUrl, '--token', canary, '--requests', requests, '--out', echoDir], captureIo());
  t.notMatch(readFileSync(join(echoDir, readdirSync(echoDir)[0] as string), 'utf8'), canary, 'a key the upstream echoes is scrubbed too');
});

t.test('record stops cleanly on the budget and says what it did not send', async (t) => {
  const upstream = await startMutantServer();
  t.teardown(() => upstream.close());
  const result = await recordExchanges(api, {
    baseUrl: upstream.baseUrl,
    token: TOKEN,
    requests: BODIES,
    outDir: tmp(),
    budget: 1,
    paceMs: 0,
    timeoutS: 30,
  });
  t.equal(result.files.length, 1);
  t.equal(result.unsent, 2);
  t.match(result.stopped, /budget of 1 requests is spent/);
  const io = captureIo();
  const cwd = process.cwd();
  const scratch = tmp();
  process.chdir(scratch);
  t.teardown(() => process.chdir(cwd));
  t.equal(
    (await runCli(['record', '--base-url', upstream.baseUrl, '--token', TOKEN, '--pace-ms', '0', '--timeout-s', '60'], io)).exitCode,
    0,
  );
  t.equal(
    readdirSync(join(scratch, 'fixtures', 'recorded')).length,
    4,
    "the spec's three request examples, then {}, into fixtures/recorded",
  );
  t.match(io.out(), /all valid against the spec/);
});

t.test("the validating proxy: forwards with the caller's token, reports violations, alters nothing unless asked", async (t) => {
  const upstream = await startMutantServer('caller-token');
  t.teardown(() => upstream.close());
  const log: string[] = [];
  const proxy = (errors: boolean, saved: unknown[] = []) =>
    fake({
      source: proxyAnswers(api, {
        upstream: upstream.baseUrl,
        errors,
        log: (line) => log.push(line),
        onExchange: (exchange, violations) => saved.push([exchange.request.headers, violations.length]),
      }),
    });
  const saved: unknown[] = [];
  const plain = proxy(false, saved);
  t.teardown(() => plain.close());
  const ask = (app: ReturnType<typeof fake>, token = 'caller-token') =>
    app.inject({
      method: 'POST',
      url: ENDPOINT,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(BODIES[0]),
    });

  const clean = await ask(plain);
  t.same([clean.statusCode, clean.headers['x-fake-source'], clean.headers['x-spec-violations']], [200, 'proxy', undefined]);
  t.equal(
    clean.body,
    await (await upstreamPost(upstream.baseUrl, JSON.stringify(BODIES[0]), 'caller-token')).text(),
    "the upstream's answer, untouched",
  );
  t.equal((await ask(plain, 'someone-else')).statusCode, 401, "the upstream judges the caller's own token");
  t.same(saved[0], [{ authorization: 'Bearer <redacted>', 'content-type': 'application/json' }, 0]);

  upstream.use(MUTATIONS.totalAsNumber);
  const violating = await ask(plain);
  t.equal(violating.statusCode, 200, 'reported, not altered');
  t.match(violating.headers['x-spec-violations'], /\$\.data\.total schema-type/);
  t.match(JSON.parse(violating.body), { data: { total: Number } });
  t.ok(
    log.some((l) => /^proxy: POST \/creator\/v1\/rank\/topPotential -> 200: \$\.data\.total schema-type/.test(l)),
    'one log line per violation',
  );
  t.notMatch(log.join('\n'), 'caller-token');

  const strict = proxy(true);
  t.teardown(() => strict.close());
  const replaced = await ask(strict);
  t.equal(replaced.statusCode, 500);
  t.match(JSON.parse(replaced.body), { code: 40001, message: /^Upstream answer violates the spec: \$\.data\.total schema-type/ });
});

t.test('an upstream that does not answer is a 40001 envelope naming it', async (t) => {
  const closed = fake();
  const port = await listen(closed);
  await closed.close();
  const source = (upstream: string) => proxyAnswers(api, { upstream, errors: false, log: () => undefined });
  const app = fake({ source: source(`http://127.0.0.1:${port}`) });
  t.teardown(() => app.close());
  const answer = await app.inject({ method: 'POST', url: ENDPOINT, payload: {} });
  t.equal(answer.statusCode, 500);
  t.match(JSON.parse(answer.body), {
    code: 40001,
    message: new RegExp(`^Upstream http://127\\.0\\.0\\.1:${port} did not answer: ECONNREFUSED`),
  });
  const blocked = fake({ source: source('http://127.0.0.1:9') });
  t.teardown(() => blocked.close());
  t.match(JSON.parse((await blocked.inject({ method: 'POST', url: ENDPOINT })).body), {
    message: /^Upstream http:\/\/127\.0\.0\.1:9 did not answer: bad port\. Check --proxy/,
  });
});

t.test('serve wires --fixtures, --proxy, --errors and --record', async (t) => {
  const upstream = await startMutantServer('caller-token');
  t.teardown(() => upstream.close());
  const fixtures = tmp();
  await recordExchanges(api, {
    baseUrl: upstream.baseUrl,
    token: 'caller-token',
    requests: [BODIES[1]],
    outDir: fixtures,
    budget: 1,
    paceMs: 0,
    timeoutS: 30,
  });
  const replay = await runCli(['serve', '--port', '0', '--fixtures', fixtures], captureIo());
  t.teardown(() => replay.server?.app.close());
  const replayed = await fetch(`${replay.server?.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
    body: JSON.stringify(BODIES[1]),
  });
  t.equal(replayed.headers.get('x-fake-source'), 'recorded 001-gb.json');

  const recordDir = tmp();
  const io = captureIo();
  const proxied = await runCli(['serve', '--port', '0', '--proxy', upstream.baseUrl, '--errors', '--record', recordDir], io);
  t.teardown(() => proxied.server?.app.close());
  upstream.use(MUTATIONS.fieldAdded);
  const answer = await fetch(`${proxied.server?.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer caller-token', 'content-type': 'application/json' },
    body: JSON.stringify(BODIES[0]),
  });
  t.equal(answer.status, 500, '--errors replaces the violating answer');
  const [file] = await wholeRecordings(recordDir, 1);
  t.equal(file, fileNameFor(0, BODIES[0]));
  t.match(readFileSync(join(recordDir, file as string), 'utf8'), /undocumented-field/);
  t.notMatch(readFileSync(join(recordDir, file as string), 'utf8'), 'caller-token');
  t.match(io.err(), /^proxy: POST .* undocumented-field/m);
});

t.test('serve --proxy --record: a recording that cannot be written is said on stderr, and the answer still passes', async (t) => {
  const upstream = await startMutantServer('caller-token');
  t.teardown(() => upstream.close());
  const recordDir = tmp();
  const io = captureIo();
  const proxied = await runCli(['serve', '--port', '0', '--proxy', upstream.baseUrl, '--record', recordDir], io);
  t.teardown(() => proxied.server?.app.close());
  rmSync(recordDir, { recursive: true });
  writeFileSync(recordDir, 'a file where the directory was');
  const answer = await fetch(`${proxied.server?.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer caller-token', 'content-type': 'application/json' },
    body: '{}',
  });
  t.equal(answer.status, 200);
  await new Promise((r) => setTimeout(r, 100));
  t.match(io.err(), /^proxy: failed to record an exchange into .*: ENOTDIR.*001-default\.json.*\. The answer was still passed on\.$/m);
});

t.test('usage errors for record and the serve source flags', async (t) => {
  const dir = tmp();
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"not": "an array"}');
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['record', '--token', 'k'], {}, /record needs a target: --base-url URL or FASTMOSS_BASE_URL/],
    [['record', '--base-url', 'http://127.0.0.1:9'], {}, /--base-url needs credentials/],
    [['record', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--timeout-s='], {}, /--timeout-s must be an integer from 1/],
    [['record', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--pace-ms='], {}, /--pace-ms must be an integer from 0/],
    [['record', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--budget='], {}, /--budget must be an integer from 1/],
    [
      ['record', '--base-url', 'not-a-url', '--token', 'k'],
      {},
      /^fastmoss-kit: --base-url must be an absolute http\(s\) URL such as https:\/\/openapi\.fastmoss\.com\.\n$/,
    ],
    [
      ['record', '--token', 'k'],
      { FASTMOSS_BASE_URL: 'ftp://QzX9@host' },
      /^fastmoss-kit: --base-url must use http or https: got ftp\.\n$/,
    ],
    [['record', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--requests', bad], {}, /must hold a non-empty JSON array/],
    [
      ['record', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--requests', join(dir, 'missing.json')],
      {},
      /could not be read as JSON/,
    ],
    [
      ['record', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--out', dir],
      {},
      /Failed to reach the target at http:\/\/127\.0\.0\.1:9/,
    ],
    [['serve', '--fixtures', dir, '--proxy', 'http://x'], {}, /cannot be used together/],
    [['serve', '--errors'], {}, /only apply with --proxy/],
    [
      ['serve', '--proxy', 'ftp://user:QzX9secret@x'],
      {},
      /--proxy must be an http\(s\) URL such as .*: the value given is not \(not shown/,
    ],
    [
      ['serve', '--fixtures', join(dir, 'nope')],
      {},
      /--fixtures .*nope: .*nope is not a directory\. Pass --fixtures a directory of recorded exchanges/,
    ],
    [
      ['serve', '--proxy', 'http://127.0.0.1:9', '--record', bad],
      {},
      /--record .*bad\.json is not a writable directory: .*Pass a directory you can write to/,
    ],
  ];
  for (const [argv, env, message] of cases) {
    const io = captureIo(env);
    t.equal((await runCli(argv, io)).exitCode, 2, argv.join(' '));
    t.match(io.err(), message);
    t.notMatch(io.err(), /QzX9/, 'no credential given on the command line is quoted');
  }
  const help = captureIo();
  t.equal((await runCli(['record', '--help'], help)).exitCode, 0);
  for (const flag of ['--base-url', '--token', '--requests', '--out', '--budget', '--pace-ms', '--timeout-s']) t.match(help.out(), flag);
});

t.test('recordedBody keeps raw text answers as they were', async (t) => {
  const base = { request: { method: 'POST', path: ENDPOINT }, recorded_at: '2026-01-01T00:00:00Z', target: 'x' };
  t.equal(recordedBody({ ...base, response: { status: 502, headers: {}, text: '<html>bad gateway</html>' } }), '<html>bad gateway</html>');
  t.equal(recordedBody({ ...base, response: { status: 204, headers: {} } }), '');
});

t.test('replay keeps recorded headers, defaults the content type, and treats no body as {}', async (t) => {
  const request = { method: 'POST', path: ENDPOINT };
  const source = replayAnswers(api, [
    {
      file: 'limited.json',
      secrets: [],
      exchange: {
        request: { ...request, body: {} },
        response: { status: 429, headers: { 'retry-after': '3' }, body: { code: 30003 } },
        recorded_at: '2026-01-01T00:00:00Z',
        target: 'x',
      },
    },
  ]);
  const answer = await source.answer(
    { method: 'POST', path: ENDPOINT, headers: {}, rawBody: undefined, body: undefined },
    { renderError: () => ({ status: 500, body: '' }) },
  );
  t.same(answer, {
    status: 429,
    headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '3' },
    body: '{"code":30003}',
    source: 'recorded limited.json',
  });
});

t.test('the proxy forwards requests without a token or a body as they are', async (t) => {
  const upstream = await startMutantServer('caller-token');
  t.teardown(() => upstream.close());
  const seen: unknown[] = [];
  const app = fake({
    source: proxyAnswers(api, {
      upstream: upstream.baseUrl,
      errors: false,
      log: () => undefined,
      onExchange: (e, _v, secrets) => seen.push([e.request, secrets]),
    }),
  });
  t.teardown(() => app.close());
  const answer = await app.inject({ method: 'POST', url: ENDPOINT });
  t.equal(answer.statusCode, 401, 'the upstream refuses, the proxy passes it on');
  t.same(seen, [[{ method: 'POST', path: ENDPOINT, headers: {} }, []]]);
});

t.test('record: a custom fetch, and the CLI says what the budget left unsent', async (t) => {
  const upstream = await startMutantServer();
  t.teardown(() => upstream.close());
  let calls = 0;
  const counting: typeof fetch = async (...args) => {
    calls++;
    return fetch(...args);
  };
  await recordExchanges(api, {
    baseUrl: upstream.baseUrl,
    token: TOKEN,
    requests: [{}],
    outDir: tmp(),
    budget: 1,
    paceMs: 0,
    timeoutS: 30,
    fetch: counting,
  });
  t.equal(calls, 1);
  const dir = tmp();
  const requests = join(dir, 'r.json');
  writeFileSync(requests, JSON.stringify(BODIES));
  const io = captureIo();
  t.equal(
    (
      await runCli(
        ['record', '--base-url', upstream.baseUrl, '--token', TOKEN, '--requests', requests, '--out', join(dir, 'o'), '--budget', '1'],
        io,
      )
    ).exitCode,
    0,
  );
  t.match(io.out(), /recorded 1 exchange\(s\) into .*, 2 not sent \(the budget of 1 requests is spent\)/);
  t.ok(
    io.progressLines().includes('record: stopped: the budget of 1 requests is spent; 2 request(s) not sent'),
    'progress says why it stopped',
  );
  t.equal(io.progressLines().at(-1), '', 'and clears the progress line at the end');
  const plainProxy = await runCli(['serve', '--port', '0', '--proxy', upstream.baseUrl], captureIo());
  t.teardown(() => plainProxy.server?.app.close());
  const passed = await fetch(`${plainProxy.server?.url}${ENDPOINT}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  t.same([passed.status, passed.headers.get('x-fake-source')], [200, 'proxy']);
});

t.test("the proxy keeps --proxy's own query (e.g. the signed form's parameters) and never shows it", async (t) => {
  const upstream = await startMutantServer(CANARY.access_token);
  t.teardown(() => upstream.close());
  const log: string[] = [];
  const saved: string[] = [];
  const app = fake({
    source: proxyAnswers(api, {
      upstream: `${upstream.baseUrl}/?${QUERY}`,
      errors: false,
      log: (line) => log.push(line),
      onExchange: (exchange, violations) => saved.push(JSON.stringify([exchange, violations])),
    }),
  });
  t.teardown(() => app.close());
  const asked = (url: string) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(BODIES[0]) });

  const answer = await asked(ENDPOINT);
  t.equal(answer.statusCode, 200, "the upstream's query is the key");
  t.equal(JSON.parse(answer.body).code, 0);
  const withOwn = await asked(`${ENDPOINT}?lang=en`);
  t.equal(withOwn.statusCode, 200, "the caller's own query goes along with it");
  t.equal(saved.length, 2);
  assertClean(t, { log: log.join('\n'), exchanges: saved.join('\n'), answer: answer.body + JSON.stringify(answer.headers) });
});

t.test('a proxy upstream that is not an http(s) URL is refused when the source is made, without showing it', async (t) => {
  for (const upstream of ['ftp://example.com', 'http://[not-a-host?access_token=secret-canary', 'example.com']) {
    t.throws(() => proxyAnswers(api, { upstream, errors: false, log: () => undefined }), {
      code: 'FMK_ERR_FAKE_OPTIONS',
      message: /^The proxy's upstream must be an http\(s\) URL[^]*not shown/,
    });
    try {
      proxyAnswers(api, { upstream, errors: false, log: () => undefined });
    } catch (error) {
      t.notMatch((error as Error).message, 'secret-canary');
    }
  }
});
