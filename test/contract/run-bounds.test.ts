import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { runContractSuite } from '../../src/contract-default-target.js';
import { suiteSetup } from '../../src/contract/spec-facts.js';
import { resolveSpec } from '../../src/openapi/describe.js';
import { startHostileUpstream } from '../helpers/hostile-upstream.js';
import { captureIo } from '../helpers/io.js';
import { tempDir } from '../helpers/temp-dir.js';

const ENDPOINT = '/creator/v1/rank/topPotential';

t.test('contract --timeout-s bounds the run, the request in flight included, and the reports say it stopped on time', async (t) => {
  const upstream = await startHostileUpstream('silent');
  t.teardown(() => upstream.close());
  // The spec's validators are compiled before the clock starts (a loaded machine takes a while), so that the first
  // request is sent well within the limit and the limit cuts it.
  suiteSetup(resolveSpec());
  const dir = tempDir('bounds-time-');
  const junit = join(dir, 'junit.xml');
  const io = captureIo();
  const started = Date.now();
  const outcome = await runCli(
    ['contract', '--base-url', upstream.baseUrl, '--token', 'k', '--timeout-s', '3', '--report-dir', dir, '--junit', junit],
    io,
  );
  const took = Date.now() - started;
  t.ok(took < 15_000, `the run took ${took} ms for a 3 s limit (a request's own limit is 30 s)`);
  t.equal(outcome.exitCode, 1, 'inconclusive: nothing was judged');
  t.equal(upstream.requests(), 1, 'the first request was the one cut');
  const report = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as Record<string, unknown>;
  t.match(report, {
    verdict: 'inconclusive',
    stopped: { reason: 'time', detail: /the time limit is reached while waiting for an answer/ },
    evidence: { judged: 0, enough: false, why: /the run stopped: the time limit is reached/ },
  });
  t.match(readFileSync(join(dir, 'drift.md'), 'utf8'), /- Stopped early \(time\): the time limit is reached while waiting/);
  t.match(readFileSync(junit, 'utf8'), /time: the time limit is reached while waiting for an answer/);
  t.match(io.out(), /not ok \d+ - enough was judged for a verdict/);
  t.match(io.err(), /contract: INCONCLUSIVE/);
});

t.test('contract: an answer past --max-body-mb is a body-too-large finding of its case, and the run goes on', async (t) => {
  const upstream = await startHostileUpstream('endless-gzip');
  t.teardown(() => upstream.close());
  const dir = tempDir('bounds-size-');
  const io = captureIo();
  const outcome = await runCli(
    ['contract', '--base-url', upstream.baseUrl, '--token', 'k', '--budget', '3', '--max-body-mb', '1', '--report-dir', dir],
    io,
  );
  t.equal(outcome.exitCode, 1, 'drift');
  t.equal(upstream.requests(), 3, 'every request of the budget was sent: a large answer does not stop the run');
  const report = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as {
    verdict: string;
    findings: { id: string; severity: string; count: number; observed: string; expected: string }[];
    cases: { outcome: string; note?: string; requests: number }[];
  };
  t.equal(report.verdict, 'drift');
  t.match(report.findings, [
    {
      id: 'body-too-large:$:bytes',
      severity: 'breaking',
      count: 3,
      expected: /at most 1 MiB/,
      observed: /HTTP 200, a body past 1 MiB \(content-encoding gzip, counted decoded\)/,
    },
  ]);
  const sending = report.cases.filter((c) => c.requests > 0);
  t.equal(sending.length, 3);
  for (const c of sending) t.match(c, { outcome: 'failed', note: 'the answer was not read: the answer (HTTP 200) is larger than 1 MiB' });
  t.match(readFileSync(join(dir, 'drift.md'), 'utf8'), /body-too-large/);
});

t.test('runContract: the library option maxBodyBytes', async (t) => {
  const upstream = await startHostileUpstream('endless-chunked');
  t.teardown(() => upstream.close());
  const result = await runContractSuite({ target: { baseUrl: upstream.baseUrl, token: 'k' }, budget: 1, maxBodyBytes: 64 * 1024 });
  t.equal(result.verdict, 'drift');
  t.match(result.findings, [{ id: 'body-too-large:$:bytes', expected: /at most 64 KiB/ }]);
});

t.test('serve --proxy: an upstream answer past --max-body-mb is a 40001 naming the upstream and the limit', async (t) => {
  const upstream = await startHostileUpstream('endless-gzip');
  t.teardown(() => upstream.close());
  const io = captureIo();
  const proxied = await runCli(['serve', '--port', '0', '--proxy', upstream.baseUrl, '--max-body-mb', '2'], io);
  t.teardown(() => proxied.server?.app.close());
  const answer = await fetch(`${proxied.server?.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer caller-token', 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await answer.json()) as { code: number; message: string };
  t.equal(body.code, 40001);
  t.equal(
    body.message,
    `Upstream ${upstream.baseUrl} answered more than 2 MiB (counted decoded), the proxy's limit: the answer is not passed on. Raise --max-body-mb if it is genuine.`,
  );
  t.match(io.err(), /^proxy: POST \/creator\/v1\/rank\/topPotential -> 200: the answer \(HTTP 200\) is larger than 2 MiB, not passed on$/m);
  const health = await fetch(`${proxied.server?.url}/healthz`);
  t.equal(health.status, 200, 'the proxy still answers');
});

t.test('record: an answer past --max-body-mb is an error line, not a file, and exit 1', async (t) => {
  const upstream = await startHostileUpstream('br-bomb');
  t.teardown(() => upstream.close());
  const out = tempDir('bounds-record-');
  const io = captureIo();
  const outcome = await runCli(['record', '--base-url', upstream.baseUrl, '--token', 'k', '--out', out, '--max-body-mb', '1'], io);
  t.equal(outcome.exitCode, 1);
  t.same(readdirSync(out), [], 'nothing saved');
  t.match(
    io.err(),
    /^record: error: request 1: the answer \(HTTP 200\) is larger than 1 MiB, not saved; raise --max-body-mb if it is genuine$/m,
  );
  t.match(io.out(), /recorded 0 exchange\(s\) into .*; \d+ answer\(s\) past the size limit, not saved\n$/);
});

t.test('--max-body-mb: a whole number of MiB, from 1 to 1024, only where answers are read from a target', async (t) => {
  for (const argv of [
    ['contract', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--max-body-mb', '0'],
    ['contract', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--max-body-mb', '1.5'],
    ['record', '--base-url', 'http://127.0.0.1:9', '--token', 'k', '--max-body-mb', '1025'],
    ['contract', '--offline', tempDir('bounds-offline-'), '--max-body-mb', '2'],
    ['serve', '--max-body-mb', '2'],
  ]) {
    const io = captureIo();
    t.equal((await runCli(argv, io)).exitCode, 2, argv.join(' '));
    t.match(io.err(), /--max-body-mb/);
  }
});
