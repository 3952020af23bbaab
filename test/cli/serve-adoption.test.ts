import { readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { listenError } from '../../src/cli/listen-error.js';
import { runCli } from '../../src/cli/run-cli.js';
import { buildFakeServer } from '../../src/server/build-fake-server.js';
import { resolveOptions } from '../../src/server/options.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { recordExchanges } from '../../src/record/record-exchanges.js';
import { fileNameFor } from '../../src/record/recording-folder.js';
import { ENDPOINT } from '../helpers/fake.js';
import { captureIo } from '../helpers/io.js';
import { startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { api } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = (): string => tempDir('serve-adoption-');
const call = (url: string, body = '{"pagesize":1}') =>
  fetch(`${url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer adoption-token', 'content-type': 'application/json' },
    body,
  });

async function serve(argv: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(env);
  const outcome = await runCli(['serve', ...argv], io);
  return { io, outcome, server: outcome.server };
}

t.test('--version and -v print the package version', async (t) => {
  for (const flag of ['--version', '-v']) {
    const io = captureIo();
    t.same(await runCli([flag], io), { exitCode: 0 });
    t.equal(io.out(), '0.1.0\n');
  }
});

t.test("FAKE_PORT and FAKE_HOST configure serve; the app's own PORT and HOST are not read", async (t) => {
  const { io, server } = await serve([], { FAKE_PORT: '0', FAKE_HOST: '127.0.0.1', PORT: '1', HOST: 'no-such-host.invalid' });
  if (!server) throw new Error(io.err());
  t.teardown(() => server.app.close());
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(server.url, 'http://127.0.0.1:1');
  t.equal((await call(server.url)).status, 200);
});

t.test("a host that is not this machine's names the flag or the variable it came from", async (t) => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [
      ['--port', '0'],
      { FAKE_HOST: 'ci-runner-42.invalid' },
      /^fastmoss-kit: Cannot listen on host "ci-runner-42\.invalid" \(from FAKE_HOST\): the name (does not resolve|could not be resolved) .*Pass --host or FAKE_HOST an address of this machine: 127\.0\.0\.1 .* or 0\.0\.0\.0/,
    ],
    [
      ['--port', '0', '--host', 'ci-runner-42.invalid'],
      { FAKE_HOST: '127.0.0.1' },
      /Cannot listen on host "ci-runner-42\.invalid" \(from --host\)/,
    ],
    [
      ['--port', '0', '--host', '192.0.2.1'],
      {},
      /Cannot listen on host "192\.0\.2\.1" \(from --host\): it is not an address of this machine \(EADDRNOTAVAIL\)/,
    ],
  ];
  for (const [argv, env, message] of cases) {
    const { io, outcome } = await serve(argv, env);
    t.equal(outcome.exitCode, 2, argv.join(' '));
    t.match(io.err(), message);
  }
});

t.test('a port in use names the flag or the variable, and says what to do', async (t) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.teardown(() => holder.close());
  const { port } = holder.address() as { port: number };
  for (const [argv, env, from] of [
    [['--port', String(port)], {}, '--port'],
    [[], { FAKE_PORT: String(port) }, 'FAKE_PORT'],
  ] as const) {
    const { io, outcome } = await serve(argv, env);
    t.equal(outcome.exitCode, 2);
    t.match(io.err(), `Cannot listen on port ${port} (from ${from}): it is already in use`);
    t.match(io.err(), /pass --port or FAKE_PORT another port \(0 picks a free one\)/);
  }
  // Neither the flag nor the variable: the default port is named as such.
  const defaultHolder = createServer();
  const held = await new Promise<boolean>((resolve) => {
    defaultHolder.once('error', () => resolve(false));
    defaultHolder.listen(4010, '127.0.0.1', () => resolve(true));
  });
  t.teardown(() => (held ? defaultHolder.close() : undefined));
  const fromDefault = await serve([], {});
  t.equal(fromDefault.outcome.exitCode, 2, 'port 4010 is in use (held here, or by something else)');
  t.match(fromDefault.io.err(), 'Cannot listen on port 4010 (from the default): it is already in use');
  const denied = Object.assign(new Error('listen EACCES'), { code: 'EACCES' });
  const address = { host: '127.0.0.1', hostFrom: 'the default', port: 80, portFrom: '--port' };
  const refused = listenError(denied, address);
  t.ok(refused instanceof UsageError);
  t.match((refused as Error).message, /port 80 \(from --port\): permission denied\. Pass --port or FAKE_PORT a port above 1023/);
  const other = Object.assign(new Error('odd'), { code: 'EMFILE' });
  t.equal(listenError(other, address), other, 'anything else is passed on as it was');
  const plain = new Error('no code');
  t.equal(listenError(plain, address), plain);
});

t.test('--rate-limit N/min and N/h: N calls at once, then Retry-After until the next one', async (t) => {
  const forms: [string, number, number][] = [
    ['5', 5, 5],
    ['5/s', 5, 5],
    ['5/min', 5 / 60, 5],
    [' 120 / hour ', 120 / 3600, 120],
    ['0.5/s', 0.5, 1],
  ];
  for (const [form, perSecond, burst] of forms) {
    const option = resolveOptions({ rateLimit: form as '5/s' });
    t.same([option.rateLimit, option.rateLimitBurst], [perSecond, burst], `the rateLimit option and --rate-limit read ${form}`);
  }
  for (const bad of ['0/min', '5/week', '5/', 'five', '-1']) {
    const refused = await serve(['--port', '0', `--rate-limit=${bad}`]);
    t.equal(refused.outcome.exitCode, 2, bad);
    t.match(refused.io.err(), /--rate-limit must be calls per second, minute or hour/, bad);
  }
  t.same(
    [resolveOptions({ rateLimit: 0.5 }).rateLimit, resolveOptions({ rateLimit: 0.5 }).rateLimitBurst],
    [0.5, 1],
    'a number is per second',
  );
  t.same(resolveOptions({ rateLimit: '5/min', rateLimitBurst: 2 }).rateLimitBurst, 2, 'rateLimitBurst sets the bucket');
  let now = 0;
  const perMinute = buildFakeServer({ rateLimit: '2/min', monotonicMs: () => now });
  t.teardown(() => perMinute.close());
  const ask = () =>
    perMinute.inject({ method: 'POST', url: '/creator/v1/rank/topPotential', headers: { authorization: 'Bearer m' }, payload: {} });
  t.same([(await ask()).statusCode, (await ask()).statusCode], [200, 200], "'2/min': two at once");
  const third = await ask();
  t.same([third.statusCode, third.headers['retry-after']], [429, '30'], 'then one every 30 s');
  now = 30_000;
  t.equal((await ask()).statusCode, 200);
  t.throws(() => buildFakeServer({ rateLimit: 1, rateLimitBurst: 0.5 }), {
    message: 'Failed to build the fake server: rateLimitBurst must be at least 1 call, got 0.5.',
  });
  const { server } = await serve(['--port', '0', '--rate-limit', '5/h']);
  if (!server) throw new Error('no server');
  t.teardown(() => server.app.close());
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await call(server.url)).status);
  t.same(statuses, [200, 200, 200, 200, 200], 'five at once');
  const limited = await call(server.url);
  // the bucket refills by the real clock: a busy machine may have spent a second or two on the five calls
  t.equal(limited.status, 429);
  t.ok(
    Number(limited.headers.get('retry-after')) > 600 && Number(limited.headers.get('retry-after')) <= 720,
    `then one every 720 s (Retry-After ${limited.headers.get('retry-after')})`,
  );
});

t.test(
  '--fixtures: the banner counts the recordings, each one that violates the spec is warned about, and a wrong directory is said plainly',
  async (t) => {
    const upstream = await startMutantServer();
    t.teardown(() => upstream.close());
    const dir = tmp();
    await recordExchanges(api, {
      baseUrl: upstream.baseUrl,
      token: TOKEN,
      requests: [{ pagesize: 2 }, { pagesiz: 10 }],
      outDir: dir,
      budget: 5,
      paceMs: 0,
      timeoutS: 30,
    });
    t.same(readdirSync(dir).sort(), ['001-default.json', '002-invalid.json'], 'an invalid body is named so, not "default"');
    const violating = JSON.parse(
      JSON.stringify({
        request: { method: 'POST', path: ENDPOINT, body: { pagesize: 7 } },
        response: {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: {
            code: 0,
            data: { list: [], total: 3, date_type: 'month', date_value: '2026-03' },
            message: '',
            timestamp: 1,
            request_id: 'x',
          },
        },
        recorded_at: '2026-01-01T00:00:00Z',
        target: 'x',
      }),
    );
    writeFileSync(join(dir, '003-total-number.json'), JSON.stringify(violating));
    const { io, server } = await serve(['--port', '0', '--fixtures', dir]);
    if (!server) throw new Error(io.err());
    t.teardown(() => server.app.close());
    t.match(io.out(), new RegExp(`bearer or signed query\\); replaying 3 recording\\(s\\) from ${dir.replaceAll('/', '\\/')}\\n$`));
    t.match(io.err(), /^serve: recording 003-total-number\.json violates the spec \(served as recorded\): \$\.data\.total schema-type/m);
    t.notMatch(io.err(), /001-default|002-invalid/, 'the recordings that hold to the spec are not warned about');
    const replayed = await call(server.url, '{"pagesize":7}');
    t.equal(replayed.headers.get('x-fake-source'), 'recorded 003-total-number.json');

    const empty = await serve(['--port', '0', '--fixtures', tmp()]);
    t.teardown(() => empty.server?.app.close());
    t.match(empty.io.out(), /replaying 0 recording\(s\) from /);
    t.match(empty.io.err(), /holds no recorded exchanges \(\*\.json\): every answer will be generated/);

    const missing = await serve(['--port', '0', '--fixtures', join(dir, 'missing-dir')]);
    t.equal(missing.outcome.exitCode, 2);
    t.match(
      missing.io.err(),
      /^fastmoss-kit: --fixtures .*missing-dir: .*missing-dir is not a directory\. Pass --fixtures a directory of recorded exchanges \(\*\.json\), as written by `fastmoss-kit record --out DIR` or `fastmoss-kit serve --proxy URL --record DIR`\.\n$/,
    );
    t.notMatch(missing.io.err(), /--offline/, "contract's flag has nothing to do with serve");

    const broken = tmp();
    writeFileSync(join(broken, 'bad.json'), '{');
    const unreadable = await serve(['--port', '0', '--fixtures', broken]);
    t.equal(unreadable.outcome.exitCode, 2);
    t.match(unreadable.io.err(), /Failed to read .*bad\.json/);
  },
);

t.test(
  "the proxy's banner names its upstream (without credentials) and where it records; recordings of invalid bodies are named so",
  async (t) => {
    const upstream = await startMutantServer();
    t.teardown(() => upstream.close());
    const recordDir = tmp();
    const { io, server } = await serve([
      '--port',
      '0',
      '--proxy',
      `${upstream.baseUrl}/?access_token=sekret-value-123`,
      '--record',
      recordDir,
    ]);
    if (!server) throw new Error(io.err());
    t.teardown(() => server.app.close());
    t.match(
      io.out(),
      new RegExp(`; proxying to ${upstream.baseUrl.replaceAll('.', '\\.')}, recording into ${recordDir.replaceAll('/', '\\/')}\\n$`),
    );
    t.notMatch(io.out(), /sekret/);
    await fetch(`${server.url}${ENDPOINT}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"pagesiz":10}',
    });
    await fetch(`${server.url}${ENDPOINT}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    t.same(readdirSync(recordDir).sort(), ['001-invalid.json', '002-default.json']);
    t.equal(fileNameFor(2, { filter: { region: 'XX' } }, false), '003-xx-invalid.json');
    t.equal(fileNameFor(0, { filter: { region: 'US', date_info: { type: 'month', value: '2026-03' } } }), '001-us-month-2026-03.json');
  },
);
