import t from 'tap';
import { runSuite } from '../../src/contract/run-suite.js';
import { assertCaught, mutationRunner } from '../helpers/mutation-runs.js';
import { TOKEN } from '../helpers/mutant-server.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(60_000);

/** Mutations of how the target behaves: validation, auth, filters, sort, paging. */
const { run, server } = await mutationRunner(t);

t.test('a validation rule no longer enforced: accepting what the spec refuses is found, naming the rule', async (t) => {
  const result = await run('ruleNotEnforced');
  assertCaught(t, result, [{ kind: 'validation-accepts-invalid', path: 'page', rule: 'page-window' }]);
  t.match(
    result.findings.find((f) => f.rule === 'page-window'),
    {
      severity: 'additive',
      expected: /^refused with code 10001: page \* pagesize must be <= 1000/,
      observed: 'accepted (HTTP 200, code 0)',
      request: { body: { page: 101, pagesize: 10 } },
    },
  );
});

t.test('a bound tightened: refusing what the spec accepts is breaking, naming the field and bound', async (t) => {
  assertCaught(t, await run('pagesizeCapped'), [{ kind: 'validation-rejects-valid', path: 'pagesize', rule: 'maximum' }]);
});

t.test('a filter ignored', async (t) => {
  const result = await run('filterIgnored');
  assertCaught(t, result, [{ kind: 'semantics-filter', path: 'filter.region' }]);
  t.match(
    result.findings.find((f) => f.kind === 'semantics-filter'),
    { expected: /^creator\.region "[A-Z]{2}"$/, observed: /^creator\.region "[A-Z]{2}"$/ },
  );
});

t.test('sort broken', async (t) => {
  assertCaught(t, await run('sortReversed'), [{ kind: 'semantics-sort', path: '$.data.list[*].potential_index', rule: 'orderby desc' }]);
});

t.test('pages overlapping', async (t) => {
  assertCaught(t, await run('pagesOverlap'), [{ kind: 'semantics-pagination', path: '$.data.list', rule: 'no overlap' }]);
});

t.test('pages that skip items: page 1 and page 2 no longer make up the larger page', async (t) => {
  assertCaught(t, await run('pagesSkip'), [{ kind: 'semantics-pagination', path: '$.data.list', rule: 'concatenation' }]);
});

t.test('a total that changes from page to page', async (t) => {
  assertCaught(t, await run('totalUnstable'), [{ kind: 'semantics-pagination', path: '$.data.total', rule: 'total stable' }]);
});

t.test('auth refused, but with another code', async (t) => {
  const result = await run('authRefusedAsParameterError');
  assertCaught(t, result, [{ kind: 'auth-refusal-code', path: '$.code', rule: 'another scheme (Basic)' }]);
  t.match(
    result.findings.find((f) => f.kind === 'auth-refusal-code'),
    { expected: 'refused with HTTP 401, code 30001', observed: 'HTTP 401, code 10001' },
  );
});

t.test('auth ignored', async (t) => {
  const result = await run('authIgnored');
  assertCaught(t, result, [{ kind: 'auth-not-enforced', path: 'headers.authorization', rule: 'no Authorization header' }]);
  t.equal(
    result.findings.filter((f) => f.kind === 'auth-not-enforced').length,
    4,
    'missing header, another scheme, empty token, made-up signed query',
  );
});

t.test('with --fail-on breaking, an additive finding is reported but does not fail the run', async (t) => {
  server.use(undefined);
  const { MUTATIONS } = await import('../helpers/mutant-server.js');
  server.use(MUTATIONS.fieldAdded);
  const result = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, failOn: 'breaking' });
  t.equal(result.exitCode, 0);
  t.equal(result.findings.length, 1);
  t.ok(result.report.spec_holds);
  t.equal(result.report.summary.cases.failed, 0);
});
