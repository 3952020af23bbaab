import t from 'tap';
import { assertCaught, mutationRunner } from '../helpers/mutation-runs.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(60_000);

/** Mutations of what the target sends: each must be found, with the right kind and path. */
const { run } = await mutationRunner(t);

t.test('against the unmodified fake the run is clean: exit 0, no finding at all', async (t) => {
  const result = await run(undefined);
  t.equal(result.exitCode, 0);
  t.equal(result.drift, false);
  t.same(result.findings, []);
  t.ok(result.report.spec_holds);
  t.equal(result.report.summary.cases.failed, 0);
  t.ok(result.report.summary.cases.passed > 90, `${result.report.summary.cases.passed} cases passed`);
  t.same(
    result.report.cases.filter((c) => c.outcome === 'inconclusive').map((c) => c.name),
    ['semantics: filter.product_category_l1_id', 'semantics: filter.product_category_l2_id'],
    'only what cannot be judged from a response is inconclusive',
  );
});

t.test('a field renamed: the old one missing, the new one undocumented', async (t) => {
  assertCaught(t, await run('fieldRenamed'), [
    { kind: 'schema-missing-field', path: '$.data.list[*].usd_gmv', rule: 'required' },
    { kind: 'undocumented-field', path: '$.data.list[*].usdGmv' },
  ]);
});

t.test('a type changed', async (t) => {
  const result = await run('typeChanged');
  assertCaught(t, result, [{ kind: 'schema-type', path: '$.data.list[*].potential_index', rule: 'type' }]);
  const finding = result.findings.find((f) => f.kind === 'schema-type');
  t.match(finding, { severity: 'breaking', observed: /^string "\d+"$/, example: /^\$\.data\.list\[\d+\]\.potential_index$/ });
  t.ok((finding?.count ?? 0) > 100, 'one finding for every item of every answer, counted');
});

t.test('a field added is additive: it fails the default run, not one that fails on breaking only', async (t) => {
  const result = await run('fieldAdded');
  assertCaught(t, result, [{ kind: 'undocumented-field', path: '$.data.list[*].creator.shop_level' }]);
  t.match(result.findings, [{ severity: 'additive', observed: 'integer 3' }]);
  t.equal(result.findings.length, 1);
});

t.test('an enum value outside the spec', async (t) => {
  assertCaught(t, await run('enumWidened'), [{ kind: 'schema-enum', path: '$.data.list[*].ecommerce_type', rule: 'enum' }]);
});

t.test('a format broken', async (t) => {
  assertCaught(t, await run('formatBroken'), [{ kind: 'schema-format', path: '$.request_id', rule: 'format' }]);
});

t.test("total as an integer, as the vendor's field table has it", async (t) => {
  assertCaught(t, await run('totalAsNumber'), [{ kind: 'schema-type', path: '$.data.total' }]);
});

t.test("msg instead of message, as the vendor's guide has it", async (t) => {
  assertCaught(t, await run('msgNotMessage'), [
    { kind: 'schema-missing-field', path: '$.message' },
    { kind: 'undocumented-field', path: '$.msg' },
  ]);
});

t.test("the envelope's code as a string", async (t) => {
  const result = await run('codeAsString');
  assertCaught(t, result, [{ kind: 'envelope', path: '$.code' }]);
  t.notOk(
    result.findings.some((f) => f.kind === 'auth-refusal-code'),
    'not reported twice as an auth problem',
  );
});

t.test('errors answered with HTTP 200', async (t) => {
  assertCaught(t, await run('errorsWithStatus200'), [
    { kind: 'status', path: 'status', rule: 'code 10001' },
    { kind: 'status', path: 'status', rule: 'code 30001' },
  ]);
});

t.test('a 5xx on some requests', async (t) => {
  assertCaught(t, await run('someServerErrors'), [{ kind: 'server-error', path: 'status' }]);
});
