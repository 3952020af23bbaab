import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { ContractSetupError } from '../../src/contract/contract-errors.js';
import { parseExchange } from '../../src/contract/exchange.js';
import { runOffline } from '../../src/contract/offline.js';
import { runContractSuite } from '../../src/contract-default-target.js';
import { capture } from '../helpers/contract.js';
import { tempDir } from '../helpers/temp-dir.js';

const fixtures = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
/** The kit's own recordings, where `contract --offline` looks by default: the vendor page's example and a refusal. */
const recorded = (name = '') => new URL(`../../fixtures/recorded/${name}`, import.meta.url).pathname;

t.test('recorded production answers that still match the spec: exit 0, nothing sent', async (t) => {
  const out = capture();
  const result = await runContractSuite({ offline: recorded(), output: out.write });
  t.equal(result.exitCode, 0);
  t.same(result.findings, []);
  t.equal(result.report.mode, 'offline');
  t.equal(result.report.requests_sent, 0);
  t.same(
    result.report.cases.map((c) => [c.name, c.outcome]),
    [
      ['offline: 001-vendor-example.json: POST /creator/v1/rank/topPotential answered HTTP 200', 'passed'],
      ['offline: 002-bad-region.json: POST /creator/v1/rank/topPotential answered HTTP 400', 'passed'],
    ],
  );
  t.match(
    out.text(),
    /^TAP version 14\n# fastmoss-kit contract: .*fixtures\/recorded \(offline: recorded exchanges\), budget 0 requests\nok 1 - offline: 001-vendor-example\.json/,
  );
});

t.test('drift in saved answers is caught by the same checks as a live run', async (t) => {
  const result = await runContractSuite({
    offline: fixtures('recorded-drift'),
    target: { baseUrl: 'https://x.test', token: 'unused-key' },
  });
  t.equal(result.exitCode, 1);
  t.same(
    result.findings.map((f) => [f.kind, f.path, f.rule ?? '']),
    [
      ['schema-type', '$.data.total', 'type'],
      ['undocumented-field', '$.data.list[*].creator.shop_level', ''],
      ['validation-accepts-invalid', 'filter.region', 'enum'],
    ],
  );
  t.match(result.findings[0], { request: { body: { filter: { region: 'US' } } }, case: /01-total-number\.json/ });
  t.same(
    result.report.cases.map((c) => c.outcome),
    ['failed', 'failed', 'inconclusive'],
  );
  t.match(result.report.cases[2]?.note, /not the spec's endpoint/);
});

t.test('the CLI: --offline DIR, and --offline alone meaning fixtures/recorded', async (t) => {
  const dir = tempDir('offline-report-');
  const stdout = capture();
  const stderr = capture();
  const io = { env: { FASTMOSS_API_KEY: 'k-offline' }, stdout: stdout.write, stderr: stderr.write, progress: stderr.write };
  t.equal((await runCli(['contract', '--offline', fixtures('recorded-drift'), '--report-dir', dir], io)).exitCode, 1);
  t.match(readFileSync(join(dir, 'drift.md'), 'utf8'), /^# Contract report: DRIFT, the spec no longer holds\n/);
  const empty = tempDir('offline-empty-');
  mkdirSync(join(empty, 'fixtures', 'recorded'), { recursive: true });
  const cwd = process.cwd();
  process.chdir(empty);
  t.teardown(() => process.chdir(cwd));
  const quiet = capture();
  t.equal(
    (
      await runCli(['contract', '--offline', '--report-dir', dir], {
        env: {},
        stdout: quiet.write,
        stderr: quiet.write,
        progress: quiet.write,
      })
    ).exitCode,
    1,
    'nothing judged is no verdict',
  );
  t.match(quiet.text(), /ok 1 - offline: fixtures\/recorded # SKIP inconclusive: no recorded exchanges \(\*\.json\) to judge/);
  t.match(quiet.text(), /\nnot ok 2 - enough was judged for a verdict\n[\s\S]*\n1\.\.2\n# INCONCLUSIVE/);
  t.match(quiet.text(), /contract: INCONCLUSIVE, too little judged for a verdict \(exit 1\); report in/);
});

t.test('unusable fixtures are a setup error naming the file and what is wrong', async (t) => {
  const dir = tempDir('offline-bad-');
  await t.rejects(runOffline({ dir: join(dir, 'missing') }), {
    name: 'ContractSetupError',
    message: /Failed to read recorded exchanges from .*missing: ENOENT.*Record some with `fastmoss-kit record`/,
  });
  writeFileSync(join(dir, 'a.json'), '{ not json');
  await t.rejects(runOffline({ dir }), { message: /Failed to read .*a\.json: .*A recorded exchange is one JSON object/ });
  writeFileSync(join(dir, 'a.json'), '{"request": {}}');
  const error = await runOffline({ dir }).catch((e: unknown) => e);
  t.ok(error instanceof ContractSetupError);
  t.match((error as Error).message, /a\.json is not a recorded exchange: "request" needs string "method" and "path"/);
});

t.test('the recorded exchange format, member by member', async (t) => {
  const good = JSON.parse(readFileSync(recorded('002-bad-region.json'), 'utf8')) as Record<string, unknown>;
  t.equal(parseExchange(good, 'x'), good);
  const broken = (edit: (e: Record<string, Record<string, unknown>>) => void) => {
    const copy = structuredClone(good) as Record<string, Record<string, unknown>>;
    edit(copy);
    return () => parseExchange(copy, 'f.json');
  };
  t.throws(
    () => parseExchange([], 'f.json'),
    /f\.json is not a recorded exchange: it is not a JSON object\. See "Recorded exchanges" in the kit's docs\/contract\.md/,
  );
  t.throws(
    broken((e) => void (e['request'] = 'x' as never)),
    /"request" must be an object/,
  );
  t.throws(
    broken((e) => void (e['request']!['headers'] = { a: 1 })),
    /"request\.headers" must map names to strings/,
  );
  t.throws(
    broken((e) => void (e['response'] = null as never)),
    /"response" must be an object/,
  );
  t.throws(
    broken((e) => void (e['response']!['status'] = '200')),
    /"response\.status" must be the status of a final HTTP answer, 200 to 599: got "200"/,
  );
  t.throws(
    broken((e) => void (e['response']!['headers'] = [])),
    /"response\.headers" must map names to strings/,
  );
  t.throws(
    broken((e) => void (e['response']!['text'] = 5)),
    /"response\.text" must be a string/,
  );
  t.throws(
    broken((e) => void (e['recorded_at'] = 'yesterday' as never)),
    /"recorded_at" must be an ISO 8601 instant/,
  );
  t.throws(
    broken((e) => void (e['target'] = 1 as never)),
    /"target" must be a string/,
  );
  t.doesNotThrow(broken((e) => void delete e['request']!['headers']));
});

t.test('contract --offline without a directory judges fixtures/recorded, which this repository ships', async (t) => {
  const out = capture();
  const err = capture();
  const reportDir = tempDir('offline-default-');
  const outcome = await runCli(['contract', '--offline', '--report-dir', reportDir], {
    env: {},
    stdout: out.write,
    stderr: err.write,
    progress: err.write,
  });
  t.equal(outcome.exitCode, 0, err.text());
  t.match(out.text(), /fixtures\/recorded \(offline: recorded exchanges\)/);
  t.match(out.text(), /\n1\.\.2\n/);
});

t.test("a fixture's own Authorization header is redacted: not in drift.md, drift.json, JUnit or the output", async (t) => {
  const dir = tempDir('offline-auth-');
  const fixturesDir = join(dir, 'recorded');
  mkdirSync(fixturesDir);
  const key = 'fixture-key-7d0e5c1b9a';
  const exchange = JSON.parse(readFileSync(recorded('002-bad-region.json'), 'utf8')) as { request: { headers: Record<string, string> } };
  exchange.request.headers = { Authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  // Drift, so that the request is shown in the findings: an undocumented member in the answer.
  const drifted = { ...exchange, response: { ...(exchange as unknown as { response: { body: object } }).response } };
  drifted.response.body = { ...drifted.response.body, extra: key };
  writeFileSync(join(fixturesDir, 'with-key.json'), JSON.stringify(drifted));
  const reportDir = join(dir, 'report');
  const io = capture();
  const outcome = await runCli(['contract', '--offline', fixturesDir, '--report-dir', reportDir, '--junit', join(dir, 'junit.xml')], {
    stdout: io.write,
    stderr: io.write,
    progress: io.write,
    env: {},
  });
  t.equal(outcome.exitCode, 1, 'the drift is reported');
  const written = ['drift.md', 'drift.json'].map((file) => readFileSync(join(reportDir, file), 'utf8'));
  written.push(readFileSync(join(dir, 'junit.xml'), 'utf8'), io.text());
  t.match(written[0], /Bearer <redacted>/, 'the request is shown, with its key redacted');
  for (const text of written) t.notOk(text.includes(key), 'the key appears nowhere');
});
