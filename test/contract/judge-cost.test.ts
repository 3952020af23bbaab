import { readFileSync } from 'node:fs';
import t from 'tap';
import type { RecordedExchange } from '../../src/contract/exchange.js';
import { FindingSet } from '../../src/contract/findings.js';
import { createExchangeJudge, groupObservations, holdsMoreValues, MAX_JUDGED_VALUES } from '../../src/contract/checks/judge-exchange.js';
import { facts } from '../helpers/contract.js';

/**
 * Judging an answer costs time and memory linear in its size, and at most what MAX_JUDGED_VALUES allows per value.
 * The inputs are sized so that the quadratic or unbounded versions would overrun tap's 30 s timeout (or the memory of
 * the machine), while these take well under a second each: no time is measured, the timeout is the check.
 */

const judge = createExchangeJudge(facts);
const vendorExample = (): { code: number; data: { list: unknown[] } } =>
  JSON.parse(readFileSync(new URL('../../fixtures/vendor-example-response.json', import.meta.url), 'utf8')) as {
    code: number;
    data: { list: unknown[] };
  };

const exchange = (body: unknown, request: unknown = {}): RecordedExchange => ({
  request: { method: 'POST', path: facts.path, body: request },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body },
  recorded_at: '2026-04-15T00:00:00.000Z',
  target: 'https://openapi.fastmoss.com',
});

t.test('the same violation on many items is one observation with a count, and a finding with that count', async (t) => {
  const body = vendorExample();
  body.data.list = Array.from({ length: 1000 }, () => ({}));
  const { observations } = judge(exchange(body));
  const missingUid = observations.find((o) => o.path === '$.data.list[*].uid');
  t.match(missingUid, { kind: 'schema-missing-field', rule: 'required', at: '$.data.list[0].uid', count: 1000 });
  t.ok(
    observations.every((o) => o.path === '$.data.list' || o.count === 1000),
    'each missing member: one observation for the 1000 items',
  );
  const findings = new FindingSet();
  for (const observation of observations) findings.add(observation, { case: 'c' });
  findings.add({ ...(missingUid as NonNullable<typeof missingUid>), count: undefined as never }, { case: 'c' });
  t.match(
    findings.list().find((f) => f.path === '$.data.list[*].uid'),
    { count: 1001, example: '$.data.list[0].uid' },
  );
  t.notOk(
    findings.list().some((f) => 'count' in f && typeof f.count !== 'number'),
    'a count is always a number',
  );
});

t.test('a page out of order on every item: one semantics-sort observation counting every pair', async (t) => {
  const body = vendorExample();
  const item = body.data.list[0] as Record<string, unknown>;
  body.data.list = Array.from({ length: 100_000 }, (_, index) => ({ ...item, potential_index: index, uid: String(index) }));
  const { observations } = judge(exchange(body, { orderby: [{ field: 'potential_index', order: 'desc' }] }));
  t.match(
    observations.filter((o) => o.kind === 'semantics-sort'),
    [
      {
        path: '$.data.list[*].potential_index',
        observed: '0 then 1 at items 0 and 1',
        at: '$.data.list[1].potential_index',
        count: 99_999,
      },
    ],
  );
});

t.test('past MAX_JUDGED_VALUES the schema is checked to its first violation, and a body-too-large finding says so', async (t) => {
  // 3 MB of empty items: 1,000,000 items of 14 errors each would be 14 million error objects (gigabytes, minutes).
  const body = vendorExample();
  body.data.list = Array.from({ length: 1_000_000 }, () => ({}));
  const { observations } = judge(exchange(body));
  t.match(observations, [
    {
      kind: 'body-too-large',
      path: '$',
      rule: 'values',
      expected: `at most ${MAX_JUDGED_VALUES} JSON values, for every violation of the schema to be listed (a full page holds about 7,000)`,
    },
  ]);
  t.ok(
    observations.some((o) => o.kind === 'schema-constraint' && o.rule === 'maxItems'),
    'the first violation is still named',
  );
  t.ok(observations.length <= 4, observations.map((o) => o.kind).join(', '));
});

t.test('holdsMoreValues counts without recursion and stops at the limit', async (t) => {
  t.equal(holdsMoreValues(1, 1), false);
  t.equal(holdsMoreValues([1], 1), true);
  t.equal(holdsMoreValues({ a: [1, 2] }, 4), false);
  t.equal(holdsMoreValues({ a: [1, 2] }, 3), true);
  let deep: unknown = 0;
  for (let depth = 0; depth < 1_000_000; depth++) deep = [deep];
  t.equal(holdsMoreValues(deep, 2_000_000), false, 'a million levels deep: no stack overflow');
  t.equal(holdsMoreValues(deep, 10), true);
});

t.test('groupObservations keeps the first of each id and sums the counts', async (t) => {
  const one = { kind: 'schema-type' as const, path: '$.a', rule: 'type', expected: 'e', observed: 'first', at: '$.a' };
  t.same(groupObservations([one, { ...one, observed: 'second' }, { ...one, count: 3 }, { ...one, rule: 'enum' }]), [
    { ...one, count: 5 },
    { ...one, rule: 'enum' },
  ]);
});
