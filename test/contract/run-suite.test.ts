import t from 'tap';
import { runSuite } from '../../src/contract/run-suite.js';
import { runOffline } from '../../src/contract/offline.js';
import { capture, CASE_COUNT } from '../helpers/contract.js';
import { parseTap } from '../helpers/tap-parse.js';
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
  t.equal(result.verdict, 'inconclusive', 'no drift in what was judged, but pagination never ran: no verdict');
  t.equal(result.exitCode, 1);
  t.same(result.report.evidence.unjudged_kinds, ['pagination']);
  t.match(result.report.stopped, { reason: 'rate-limited', detail: 'the target still rate-limits after 3 retries' });
  t.equal(result.report.cases.filter((c) => c.requests > 0).length, 10, 'ten cases answered');
  t.equal(result.report.requests_sent, 14, 'then one request and its three retries');
  t.match(result.report.skipped[0], { reason: 'the run stopped: the target still rate-limits after 3 retries' });
  t.equal(result.report.cases.length + result.report.skipped.length, CASE_COUNT);
  t.match(out.text(), /\nok 13 - .* # SKIP not run: the run stopped: the target still rate-limits after 3 retries\n/);
});

t.test('a target that throttles every request with Retry-After: 100000 is never green: inconclusive, exit 1, saying why', async (t) => {
  server.use(MUTATIONS.throttledForever);
  const out = capture();
  const result = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 12, output: out.write });
  t.equal(result.verdict, 'inconclusive');
  t.equal(result.exitCode, 1);
  t.equal(result.drift, false, 'no drift was found: that is not what exit 1 says here');
  t.equal(result.report.spec_holds, false);
  t.equal(result.report.evidence.judged, 0);
  t.match(
    result.report.evidence.why,
    /^0 case\(s\) judged, none of kind baseline, auth, validation, semantics; .*the run stopped: the time limit/,
  );
  const tap = out.text();
  t.match(tap, /\nnot ok \d+ - enough was judged for a verdict\n {2}---\n {2}inconclusive: "0 case/);
  t.match(tap, /\n# INCONCLUSIVE, too little judged for a verdict: 0 breaking/);
  t.notMatch(tap, /the spec holds/);
  const { results: parsed } = await parseTap(tap);
  t.equal(parsed.ok, false, 'a TAP consumer fails the run');
  t.equal(parsed.count, parsed.plan.end, 'the plan counts the evidence test point');
  server.use(undefined);
  const minimum = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 12, minJudged: 13 });
  t.equal(minimum.verdict, 'inconclusive', 'a budget of 12 cannot judge 13 cases');
  t.match(minimum.report.evidence, { min_judged: 13, enough: false, why: /a verdict needs at least 13 \(--min-judged\)/ });
});

t.test('a key the target refuses is a setup error (exit 2), not 100 findings', async (t) => {
  server.use(undefined);
  await t.rejects(runSuite({ target: { baseUrl: server.baseUrl, token: 'wrong-key' } }), {
    name: 'ContractSetupError',
    message:
      /^The target refused the API key \(HTTP 401, code 30001\): "Bearer token is not accepted by this server: .*\." Check --token or FASTMOSS_API_KEY\.$/,
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
  t.equal(late.verdict, 'inconclusive', 'one case of five kinds: no verdict');
  t.same(late.report.evidence.unjudged_kinds, ['auth', 'validation', 'semantics', 'pagination']);
  t.equal(result.verdict, 'holds', 'every kind the budget of 5 paid for (baseline, auth) was judged');
  t.same(result.report.evidence.kinds, ['baseline', 'auth']);
});

t.test('a target with no data: what needs items is inconclusive, neither passed nor failed', async (t) => {
  server.use(MUTATIONS.noData);
  const result = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN } });
  t.equal(result.verdict, 'inconclusive', 'no drift, but nothing the items carry was judged');
  t.same(result.report.evidence.unjudged_kinds, ['baseline', 'pagination']);
  const enough = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, minJudged: 5 });
  t.equal(enough.verdict, 'holds', '--min-judged 5 asks for five judged cases, whatever their kind');
  t.equal(enough.exitCode, 0);
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
  const nulls = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 12 });
  t.match(nulls.findings, [{ kind: 'schema-type', path: '$.data' }]);
  t.match(nulls.report.cases[0], { outcome: 'failed', findings: [{ kind: 'schema-type' }] });
  server.use(MUTATIONS.serverDown);
  const down = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 40 });
  t.same(
    down.findings.map((f) => [f.kind, f.path]),
    [['server-error', 'status']],
    'a server error is reported once, not again as an auth problem',
  );
  const [first, ...later] = down.report.cases.filter((c) => c.requests > 0);
  t.match(first, { outcome: 'failed', findings: [{ kind: 'server-error' }] }, 'the first case that got a 5xx fails on it');
  t.ok(
    later.length > 0 && later.every((c) => c.outcome !== 'failed' && c.seen_again?.[0] === down.findings[0]?.id),
    'every later answer is a 5xx too: told as seen again, not failed again',
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
