import t from 'tap';
import { runSuite } from '../../src/contract/run-suite.js';
import { runOffline } from '../../src/contract/offline.js';
import { capture, CASE_COUNT } from '../helpers/contract.js';
import { MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';

const server = await startMutantServer();
t.teardown(() => server.close());

t.test('a rate limit is waited out as Retry-After says; the run completes, clean', async (t) => {
  server.use(MUTATIONS.rateLimitedSometimes);
  const waits: number[] = [];
  const result = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, sleep: async (ms) => void waits.push(ms) });
  t.equal(result.exitCode, 0);
  t.same(result.findings, []);
  t.ok(waits.length > 10 && waits.every((ms) => ms === 2000), `${waits.length} waits of 2 s`);
  t.equal(
    result.report.requests_sent,
    result.report.cases.reduce((sum, c) => sum + c.requests, 0) + waits.length,
    'retries count as requests',
  );
  t.equal(result.report.stopped, undefined);
});

t.test('a target that keeps rate-limiting: the run stops cleanly, says why, and names what it did not run', async (t) => {
  server.use(MUTATIONS.rateLimitedAlways);
  const out = capture();
  const result = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, sleep: async () => undefined, output: out.write });
  t.equal(result.exitCode, 0, 'what was judged holds');
  t.match(result.report.stopped, { reason: 'rate-limited', detail: 'the target still rate-limits after 3 retries' });
  t.equal(result.report.cases.filter((c) => c.requests > 0).length, 10, 'ten cases answered');
  t.equal(result.report.requests_sent, 14, 'then one request and its three retries');
  t.match(result.report.skipped[0], { reason: 'the run stopped: the target still rate-limits after 3 retries' });
  t.equal(result.report.cases.length + result.report.skipped.length, CASE_COUNT);
  t.match(out.text(), /\nok 13 - .* # SKIP not run: the run stopped: the target still rate-limits after 3 retries\n/);
});

t.test('a key the target refuses is a setup error (exit 2), not 100 findings', async (t) => {
  server.use(undefined);
  await t.rejects(runSuite({ target: { baseUrl: server.baseUrl, token: 'wrong-key' } }), {
    name: 'ContractSetupError',
    message:
      /^The target refused the API key \(HTTP 401, code 30001\): "Bearer token is not accepted by this server: .*\. Check --token or FASTMOSS_API_KEY\.$/,
  });
});

t.test('a budget and a time limit bound the run', async (t) => {
  server.use(undefined);
  const result = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 5, timeoutS: 60, paceMs: 1 });
  t.equal(result.report.requests_sent, 5);
  t.equal(result.report.budget, 5);
  t.same(
    result.report.cases.map((c) => c.category),
    ['baseline', 'auth', 'auth', 'auth', 'auth', 'semantics', 'semantics'],
  );
  let now = 0;
  const late = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, timeoutS: 1, clock: () => (now += 400) });
  t.match(late.report.stopped, { reason: 'time' });
  t.equal(late.report.cases.length, 1);
});

t.test('a target with no data: what needs items is inconclusive, neither passed nor failed', async (t) => {
  server.use(MUTATIONS.noData);
  const result = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN } });
  t.equal(result.exitCode, 0);
  t.same(result.findings, []);
  const inconclusive = result.report.cases.filter((c) => c.outcome === 'inconclusive').map((c) => c.name.replace(/ \(value.*/, ''));
  t.ok(inconclusive.includes('baseline: the default query ({}) conforms to the spec'));
  t.ok(inconclusive.includes('semantics: filter.region'));
  t.ok(inconclusive.some((name) => name.startsWith('semantics: pages 1 and 2')));
  t.ok(inconclusive.some((name) => name.startsWith('semantics: orderby')));
  t.match(
    result.report.cases.find((c) => c.name.startsWith('semantics: filter.product_category_l3_id')),
    {
      outcome: 'inconclusive',
      note: 'no value to ask for filter.product_category_l3_id: the default query returned none',
    },
  );
  t.match(
    result.report.cases.find((c) => c.name.startsWith('semantics: filter.ecommerce_type')),
    { outcome: 'inconclusive', note: /^nothing to judge for filter\.ecommerce_type = 1 \(HTTP 200, code 0, 0 items\)$/ },
  );
});

t.test('data null, or a target that always fails: drift, and nothing built on the baseline', async (t) => {
  server.use(MUTATIONS.dataNull);
  const nulls = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN } });
  t.match(nulls.findings, [{ kind: 'schema-type', path: '$.data' }]);
  t.match(nulls.report.cases[0], { outcome: 'failed', findings: [{ kind: 'schema-type' }] });
  server.use(MUTATIONS.serverDown);
  const down = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN } });
  t.same(
    down.findings.map((f) => [f.kind, f.path]),
    [['server-error', 'status']],
    'a server error is reported once, not again as an auth problem',
  );
  t.ok(
    down.report.cases.every((c) => c.outcome === 'failed' || c.requests === 0),
    'every answer is a 5xx',
  );
  t.match(
    down.report.cases.find((c) => c.category === 'pagination'),
    { outcome: 'inconclusive', requests: 0, note: 'the default query returned no items to page through' },
  );
});

t.test('a spec the suite cannot use is a setup error that names it, live and offline', async (t) => {
  await t.rejects(runSuite({ target: { baseUrl: 'http://127.0.0.1:9', token: 'k' }, spec: '/no/such/spec.yaml' }), {
    name: 'SpecError',
    message: /^Failed to read the spec at \/no\/such\/spec\.yaml/,
  });
  await t.rejects(runOffline({ dir: '.', spec: '/no/such/spec.yaml' }), { name: 'SpecError', message: /Failed to read the spec/ });
  await t.rejects(runOffline({ dir: '.', spec: {} as never }), {
    name: 'SpecError',
    message: /^The spec given as a document is not usable: "openapi" must be 3\.1\.x, got undefined\.$/,
  });
});
