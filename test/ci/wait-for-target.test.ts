import { createServer } from 'node:http';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { probeUrl, waitForTarget } from '../../src/contract/wait-for-target.js';
import { TargetUnreachableError } from '../../src/contract/contract-errors.js';
import { buildFakeServer } from '../../src/server/build-fake-server.js';
import { captureIo } from '../helpers/io.js';
import { closedPort } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

t.test('the probe is <base>/healthz: never the endpoint, never the query that may carry credentials', async (t) => {
  t.equal(probeUrl('http://127.0.0.1:4010'), 'http://127.0.0.1:4010/healthz');
  t.equal(probeUrl('https://api.test/prefix/?client_id=a&access_token=b#f'), 'https://api.test/prefix/healthz');
});

t.test('contract --wait-s waits for a fake that starts late, then runs against it', async (t) => {
  const port = await closedPort();
  const token = 'wait-token-123456';
  const app = buildFakeServer({ tokens: [token] });
  t.teardown(() => app.close());
  const probes: string[] = [];
  app.addHook(
    'onRequest',
    async (request) => void probes.push(`${request.method} ${request.url} ${request.headers.authorization ?? 'no-auth'}`),
  );
  setTimeout(() => void app.listen({ host: '127.0.0.1', port }), 700);
  const io = captureIo();
  const started = Date.now();
  const outcome = await runCli(
    [
      'contract',
      '--base-url',
      `http://127.0.0.1:${port}`,
      '--token',
      token,
      '--wait-s',
      '20',
      '--budget',
      '2',
      '--report-dir',
      tempDir('wait-'),
    ],
    io,
  );
  t.equal(outcome.exitCode, 0, io.err());
  t.ok(Date.now() - started >= 600, 'it waited for the late start');
  t.equal(probes[0], 'GET /healthz no-auth', 'the first request is the probe, without the key');
  t.equal(probes.filter((p) => p.startsWith('GET /healthz')).length, 1, 'one probe once the fake answers');
  t.match(probes[1], /^POST \/creator\/v1\/rank\/topPotential Bearer /, 'then the suite');
});

t.test('contract --wait-s gives up after N seconds: exit 2, naming the URL and never the key', async (t) => {
  const port = await closedPort();
  const io = captureIo();
  const outcome = await runCli(
    ['contract', '--base-url', `http://127.0.0.1:${port}/?access_token=sekret-value-123`, '--token', 'sekret-key-456789', '--wait-s', '1'],
    io,
  );
  t.equal(outcome.exitCode, 2);
  t.match(
    io.err(),
    new RegExp(
      `^fastmoss-kit: The target at http://127\\.0\\.0\\.1:${port} did not answer within 1 s \\(--wait-s 1; last attempt: ECONNREFUSED\\)\\. Start it first .*raise --wait-s\\.\\n$`,
    ),
  );
  t.notMatch(io.err(), /sekret/);
});

t.test('a 5xx is a target still starting; any answer below 500 (a 404 from production) is a target that is up', async (t) => {
  let status = 503;
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(status).end('starting');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as { port: number };
  const sleeps: number[] = [];
  await waitForTarget(`http://127.0.0.1:${port}`, {
    waitS: 10,
    intervalMs: 5,
    sleep: async (ms) => {
      sleeps.push(ms);
      status = 404;
    },
  });
  t.same(seen, ['GET /healthz', 'GET /healthz']);
  t.same(sleeps, [5]);
  status = 502;
  let now = 0;
  const error = await waitForTarget(`http://127.0.0.1:${port}`, {
    waitS: 1,
    intervalMs: 400,
    clock: () => now,
    sleep: async (ms) => void (now += ms),
  }).catch((e: unknown) => e);
  t.ok(error instanceof TargetUnreachableError);
  t.match((error as Error).message, /did not answer within 1 s \(--wait-s 1; last attempt: it answered HTTP 502\)/);
  t.equal(seen.length, 5, 'attempts at 0, 400 and 800 ms, none past the deadline');
});

t.test("the last attempt's failure is named: its cause's code, else its cause's message, else its own message", async (t) => {
  for (const [failure, named] of [
    [Object.assign(new TypeError('fetch failed'), { cause: { message: 'bad port' } }), 'bad port'],
    [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'The operation was aborted due to timeout'],
  ] as const) {
    let now = 0;
    const error = await waitForTarget('http://127.0.0.1:1', {
      waitS: 1,
      intervalMs: 600,
      clock: () => now,
      sleep: async (ms) => void (now += ms),
      fetch: async () => Promise.reject(failure),
    }).catch((e: unknown) => e);
    t.match((error as Error).message, `(--wait-s 1; last attempt: ${named})`);
  }
});

t.test('--wait-s applies only to a --base-url target, and must be a number of seconds', async (t) => {
  for (const [argv, message] of [
    [['contract', '--wait-s', '5'], /--wait-s applies to a --base-url target/],
    [['contract', '--offline', 'x', '--base-url', 'http://127.0.0.1:9', '--wait-s', '5'], /--wait-s applies to a --base-url target/],
    [
      ['contract', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--wait-s', 'soon'],
      /--wait-s must be an integer from 0 to 3600: got "soon"/,
    ],
  ] as const) {
    const io = captureIo();
    t.equal((await runCli(argv, io)).exitCode, 2, argv.join(' '));
    t.match(io.err(), message);
  }
});
