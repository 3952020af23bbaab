import { EventEmitter } from 'node:events';
import t from 'tap';
import { processIo, progressWriter } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { closeOnSignals, SHUTDOWN_GRACE_MS } from '../../src/cli/shutdown.js';
import { ENDPOINT } from '../helpers/fake.js';
import { captureIo } from '../helpers/io.js';
import { tempDir } from '../helpers/temp-dir.js';

const call = async (url: string, token = 'cli-token') =>
  fetch(`${url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"pagesize":1}',
  });

t.test('serve listens on loopback with flags, and answers over a real socket', async (t) => {
  const io = captureIo();
  const outcome = await runCli(
    ['serve', '--port', '0', '--seed', '7', '--now', '2026-04-15T00:00:00Z', '--token', 'cli-token', '--token', 'other'],
    io,
  );
  t.equal(outcome.exitCode, 0);
  const server = outcome.server;
  if (!server) throw new Error('no server');
  t.teardown(() => server.app.close());
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.match(io.out(), /seed 7, clock 2026-04-15T00:00:00\.000Z, 2 accepted token\(s\)/);
  const ok = await call(server.url);
  t.equal(ok.status, 200);
  t.equal(((await ok.json()) as { data: { date_value: string } }).data.date_value, '2026-03');
  t.equal((await call(server.url, 'intruder')).status, 401);
});

t.test('environment variables configure serve when flags are absent', async (t) => {
  const io = captureIo({ FAKE_PORT: '0', FAKE_HOST: '127.0.0.1', FAKE_SEED: '3', FAKE_NOW: '2026-01-10T00:00:00Z' });
  const outcome = await runCli(['serve', '--log'], io);
  const server = outcome.server;
  if (!server) throw new Error('no server');
  t.teardown(() => server.app.close());
  t.match(io.out(), /seed 3, clock 2026-01-10T00:00:00\.000Z, any well-formed token, bearer or signed query/);
  t.equal((await call(server.url, 'anything')).status, 200);
});

t.test("--timestamp-window sets the signed form's window, and off accepts any timestamp", async (t) => {
  const now = '2026-04-15T00:00:00Z';
  const signedCall = (url: string, timestamp: number) =>
    fetch(`${url}${ENDPOINT}?client_id=app&access_token=tok&timestamp=${timestamp}&sign=${'a'.repeat(64)}`, { method: 'POST' });
  const nowS = Date.parse(now) / 1000;
  for (const [window, offset, status] of [
    ['10', 10, 200],
    ['10', 11, 401],
    ['off', -nowS, 200],
  ] as const) {
    const outcome = await runCli(['serve', '--port', '0', '--now', now, '--timestamp-window', window], captureIo());
    const server = outcome.server;
    if (!server) throw new Error('no server');
    t.equal((await signedCall(server.url, nowS + offset)).status, status, `window ${window}, ${offset} s off`);
    await server.app.close();
  }
});

t.test('scenario switches reach the server', async (t) => {
  const io = captureIo();
  const outcome = await runCli(
    [
      'serve',
      '--port',
      '0',
      '--latency',
      '1-2',
      '--rate-limit',
      '1/h',
      '--quota',
      '5',
      '--fail-rate',
      '0',
      '--cors',
      '--no-docs',
      '--max-memory',
      '300',
      '--max-connections',
      '100',
    ],
    io,
  );
  const server = outcome.server;
  if (!server) throw new Error('no server');
  t.teardown(() => server.app.close());
  t.equal(server.app.memoryUsage().budget.totalBytes, 300 * 2 ** 20, '--max-memory');
  t.equal(server.app.server.maxConnections, 100, '--max-connections');
  t.equal((await call(server.url)).status, 200);
  const limited = await call(server.url);
  t.equal(limited.status, 429);
  // a call an hour, by the real clock: a busy machine may have spent a second since the first call
  t.ok(Number(limited.headers.get('retry-after')) > 3500 && Number(limited.headers.get('retry-after')) <= 3600, '--rate-limit');
  t.equal((await fetch(`${server.url}/docs`)).status, 404, '--no-docs');
  const preflight = await fetch(`${server.url}${ENDPOINT}`, {
    method: 'OPTIONS',
    headers: { origin: 'http://app.local', 'access-control-request-method': 'POST' },
  });
  t.equal(preflight.headers.get('access-control-allow-origin'), 'http://app.local', '--cors');
});

t.test('--optional and --data set how rows are shown', async (t) => {
  const outcome = await runCli(
    ['serve', '--port', '0', '--optional', 'all', '--data', 'edge', '--now', '2026-11-25T00:00:00Z'],
    captureIo(),
  );
  const server = outcome.server;
  if (!server) throw new Error('no server');
  t.teardown(() => server.app.close());
  const answer = await fetch(`${server.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    body: JSON.stringify({ page: 1, pagesize: 100 }),
  });
  const list = ((await answer.json()) as { data: { list: Record<string, unknown>[] } }).data.list;
  t.ok(list.length > 0 && list.every((item) => Object.hasOwn(item, 'live_usd_gmv')), '--optional all: every item has every optional field');
  t.ok(
    list.some((item) => item['potential_index'] === 100 || item['potential_index'] === 0),
    '--data edge: potential at its bounds',
  );
});

t.test('usage errors exit 2 with a message that says what to do', async (t) => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['serve', '--prot', '1'], {}, /Unknown option '--prot'.*Run `fastmoss-kit serve --help`/],
    [['serve', '--port', 'abc'], {}, /--port must be an integer from 0 to 65535: got "abc"/],
    [['serve', '--port', '70000'], {}, /--port must be an integer/],
    [['serve'], { FAKE_SEED: '-1' }, /--seed must be an integer from 0/],
    [['serve', '--now', 'yesterday'], {}, /--now must be an ISO 8601 instant/],
    [['serve', '--timestamp-window', '5m'], {}, /--timestamp-window must be whole seconds \(e\.g\. 300\) or "off": got "5m"/],
    [['serve', '--port', '0', '--host', 'no-such-host.invalid'], {}, /getaddrinfo|ENOTFOUND|EAI_AGAIN/],
    [['frobnicate'], {}, /Unknown command "frobnicate"/],
    [['serve', '--latency', 'fast'], {}, /--latency must be MS or MIN-MAX milliseconds/],
    [['serve', '--latency', '300-100'], {}, /--latency must be MS or MIN-MAX/],
    [
      ['serve', '--rate-limit', 'lots'],
      {},
      /--rate-limit must be calls per second, minute or hour, e\.g\. 5, 5\/s, 5\/min or 100\/h: got "lots"/,
    ],
    [['serve', '--quota', '1.5'], {}, /--quota must be an integer/],
    [['serve', '--fail-rate', '1.5'], {}, /--fail-rate must be a number from 0 to 1/],
    [['serve', '--fail-rate', ' '], {}, /--fail-rate must be a number from 0 to 1/],
    [['serve', '--optional', 'some'], {}, /--optional must be one of none, all, mixed: got "some"/],
    [['serve', '--data', 'wild'], {}, /--data must be one of typical, edge: got "wild"/],
    [['serve', '--max-memory', 'lots'], {}, /--max-memory must be an integer from 1 to 1048576: got "lots"/],
    [['serve', '--max-connections', '0'], {}, /--max-connections must be an integer from 1 to 1000000/],
    // A flag given empty is refused, not read as its default; an empty variable counts as unset (below).
    [['serve', '--port='], {}, /--port must be an integer from 0 to 65535: got ""/],
    [['serve', '--port', '0', '--host='], {}, /--host must be an address or a name, e\.g\. 127\.0\.0\.1/],
    [['serve', '--seed='], {}, /--seed must be an integer from 0/],
    [['serve', '--now='], {}, /--now must be an ISO 8601 instant/],
    [['serve', '--quota='], {}, /--quota must be an integer/],
    [['serve', '--max-memory='], {}, /--max-memory must be an integer from 1/],
    [['serve', '--max-connections= '], {}, /--max-connections must be an integer from 1/],
    [['serve', '--proxy', 'http://127.0.0.1:9', '--max-body-mb='], {}, /--max-body-mb must be an integer from 1/],
    [
      ['serve', '--max-memory', '100'],
      {},
      /a memory ceiling of 100 MB leaves .* raise the ceiling \(--max-memory, maxMemoryMb\) to at least 185/,
    ],
  ];
  for (const [argv, env, message] of cases) {
    const io = captureIo(env);
    const outcome = await runCli(argv, io);
    t.equal(outcome.exitCode, 2, argv.join(' '));
    t.match(io.err(), message);
    t.equal(outcome.server, undefined);
  }
});

t.test('help for the bin and for serve', async (t) => {
  for (const argv of [['--help'], ['-h'], ['help']]) {
    const io = captureIo();
    t.equal((await runCli(argv, io)).exitCode, 0);
    t.match(io.out(), /Commands:\n {2}serve/);
  }
  const bare = captureIo();
  t.equal((await runCli([], bare)).exitCode, 2, 'no command is a usage error, with the help');
  t.match(bare.out(), /Usage: fastmoss-kit <command>/);
  const serveHelp = captureIo();
  t.same(await runCli(['serve', '--help'], serveHelp), { exitCode: 0 });
  for (const flag of [
    '--port',
    '--host',
    '--seed',
    '--now',
    '--token',
    '--timestamp-window',
    '--latency',
    '--rate-limit',
    '--quota',
    '--fail-rate',
    '--max-memory',
    '--max-connections',
    '--cors',
    '--no-docs',
    '--log',
    '--help',
  ]) {
    t.match(serveHelp.out(), flag);
  }
});

t.test('SIGTERM closes the server and exits 0; a second signal is ignored', async (t) => {
  const outcome = await runCli(['serve', '--port', '0'], captureIo());
  const server = outcome.server;
  if (!server) throw new Error('no server');
  const signals = new EventEmitter();
  const io = captureIo();
  const exited = new Promise<number>((resolve) => closeOnSignals(server.app, io, { exit: resolve, signals }));
  signals.emit('SIGTERM', 'SIGTERM');
  signals.emit('SIGINT', 'SIGINT');
  t.equal(await exited, 0);
  t.match(io.err(), /received SIGTERM: finishing in-flight requests/);
  await t.rejects(call(server.url), 'no longer listening');
});

t.test('a shutdown that outlasts the grace period exits 1', async (t) => {
  t.equal(SHUTDOWN_GRACE_MS, 5000, 'the default grace');
  const stuck = { close: () => new Promise<undefined>(() => undefined) };
  const signals = new EventEmitter();
  const io = captureIo();
  const keepAlive = setInterval(() => undefined, 1000);
  t.teardown(() => clearInterval(keepAlive));
  const exited = new Promise<number>((resolve) => closeOnSignals(stuck, io, { exit: resolve, signals, graceMs: 20 }));
  signals.emit('SIGINT', 'SIGINT');
  t.equal(await exited, 1);
  t.match(io.err(), /did not finish within 20 ms/);
});

t.test('progress lines: redrawn in place on a terminal', async (t) => {
  const written: string[] = [];
  const progress = progressWriter({ isTTY: true, write: (text: string) => written.push(text) });
  progress('contract: 3/107 baseline');
  progress('');
  t.same(written, ['\r\x1b[2Kcontract: 3/107 baseline', '\r\x1b[2K']);
  const piped: string[] = [];
  progressWriter({ isTTY: false, write: (text: string) => piped.push(text) })('x');
  t.same(piped, [], 'quiet when not a terminal');
  t.equal(typeof processIo.progress, 'function');
});

t.test('a contract run reports progress per case', async (t) => {
  const io = captureIo();
  const reportDir = tempDir('progress-');
  t.equal((await runCli(['contract', '--budget', '12', '--report-dir', reportDir], io)).exitCode, 0);
  const lines = io.progressLines();
  const total = Number(/^contract: 1\/(\d+) /.exec(lines[0] ?? '')?.[1]);
  t.ok(total > 5, `${total} cases planned`);
  t.same(
    lines.slice(0, -1).map((line) => /^contract: (\d+)\//.exec(line)?.[1]),
    Array.from({ length: total }, (_, i) => String(i + 1)),
    'one line per planned case, in order',
  );
  t.equal(lines.at(-1), '', 'then the line is cleared');
});

t.test("a port in use is the caller's to fix (exit 2); a bug in the kit exits 3 with its stack", async (t) => {
  const first = await runCli(['serve', '--port', '0'], captureIo());
  t.teardown(() => first.server?.app.close());
  const port = new URL(first.server?.url ?? '').port;
  const second = captureIo();
  t.same(await runCli(['serve', '--port', port], second), { exitCode: 2 });
  t.match(second.err(), /^fastmoss-kit: Cannot listen on port \d+ \(from --port\): it is already in use, .*\n$/);
  const broken = {
    ...captureIo(),
    stdout: () => {
      throw new TypeError('cannot write');
    },
  };
  const errors: string[] = [];
  t.same(await runCli(['serve', '--help'], { ...broken, stderr: (text: string) => void errors.push(text) }), { exitCode: 3 });
  t.match(
    errors.join(''),
    /^fastmoss-kit: internal error \(a bug in the kit; please report it with this output\):\nTypeError: cannot write\n\s+at /,
  );
  const thrown: string[] = [];
  const notAnError = {
    ...captureIo(),
    stdout: () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a bug that throws a non-Error looks like
      throw 'a string';
    },
    stderr: (text: string) => void thrown.push(text),
  };
  t.same(await runCli(['serve', '--help'], notAnError), { exitCode: 3 });
  t.match(thrown.join(''), /internal error .*:\na string\n$/);
});
