import t from 'tap';
import { buildCases, type ContractCase } from '../../src/contract/cases.js';
import { failsRun, FindingSet } from '../../src/contract/findings.js';
import { planCases } from '../../src/contract/planner.js';
import { facts, validate } from '../helpers/contract.js';

const cases = buildCases(facts, validate);
/** Requests the cases send at most. */
const costOf = (cases: readonly ContractCase[]): number => cases.reduce((sum, c) => sum + c.cost, 0);
const fake = (name: string, category: ContractCase['category'], group: string, cost = 1): ContractCase => ({
  name,
  category,
  group,
  cost,
  run: async () => ({ outcome: 'passed' }),
});

/** Cases of every group, out of order: the baseline last, auth in the middle, two of one validation field. */
const MIXED = [
  fake('v-a-1', 'validation', 'a'),
  fake('v-a-2', 'validation', 'a'),
  fake('s-x-1', 'semantics', 'x'),
  fake('auth-1', 'auth', 'auth'),
  fake('v-b-1', 'validation', 'b'),
  fake('p-1', 'pagination', 'p', 2),
  fake('s-x-2', 'semantics', 'x'),
  fake('base', 'baseline', 'baseline'),
];

t.test('the baseline and auth come first; then rounds over groups, validation and semantics taking turns', async (t) => {
  const plan = planCases(MIXED, Number.POSITIVE_INFINITY);
  t.same(
    plan.cases.map((c) => c.name),
    ['base', 'auth-1', 'v-a-1', 's-x-1', 'v-b-1', 'p-1', 'v-a-2', 's-x-2'],
  );
  t.same(plan.skipped, []);
  t.equal(costOf(plan.cases), 9);
});

t.test('a budget keeps the most informative cases and names every case it skips', async (t) => {
  const plan = planCases(
    [
      fake('base', 'baseline', 'baseline'),
      fake('v-a-1', 'validation', 'a'),
      fake('p-1', 'pagination', 'p', 2),
      fake('v-a-2', 'validation', 'a'),
      fake('free', 'semantics', 'f', 0),
    ],
    2,
  );
  t.same(
    plan.cases.map((c) => c.name),
    ['base', 'v-a-1', 'free'],
  );
  t.same(plan.skipped, [
    { name: 'p-1', reason: 'over the budget of 2 requests' },
    { name: 'v-a-2', reason: 'over the budget of 2 requests' },
  ]);
});

t.test("the suite's own cases under the default remote budget: every field and every filter once before any twice", async (t) => {
  const plan = planCases(cases, 40);
  t.ok(costOf(plan.cases) <= 40);
  t.equal(plan.cases[0]?.category, 'baseline');
  t.same(
    plan.cases.slice(1, 4).map((c) => c.category),
    ['auth', 'auth', 'auth'],
  );
  const fields = new Set(cases.filter((c) => c.category === 'validation').map((c) => c.group));
  const planned = new Set(plan.cases.filter((c) => c.category === 'validation').map((c) => c.group));
  t.same([...planned].sort(), [...fields].sort(), 'each validated field is probed at least once');
  for (const name of facts.filterNames)
    t.ok(
      plan.cases.some((c) => c.group === `semantics filter.${name}`),
      `filter.${name} is planned`,
    );
  t.ok(
    plan.cases.some((c) => c.category === 'pagination'),
    'pagination is planned',
  );
  t.ok(plan.skipped.length > 0);
  t.equal(plan.cases.length + plan.skipped.length, cases.length);
  t.ok(
    plan.cases.some((c) => c.name.includes('page-window outside')),
    'a rule is what a field is probed with first',
  );
});

t.test(
  'with last checks: baseline and auth still first, then never-checked cases, then the least recently checked; round-robin breaks ties',
  async (t) => {
    const list = MIXED;
    const day = (d: number): number => Date.UTC(2026, 3, d);
    const checked = new Map([
      ['base', day(14)],
      ['auth-1', day(14)],
      ['v-a-1', day(14)],
      ['s-x-1', day(10)],
      ['v-b-1', day(12)],
      ['s-x-2', day(12)],
    ]);
    // never checked: p-1 and v-a-2 (round-robin order); then s-x-1 (10th), v-b-1 and s-x-2 (12th, round-robin order), v-a-1 (14th)
    const plan = planCases(list, 3, checked);
    t.same(
      plan.cases.map((c) => c.name),
      ['base', 'auth-1', 'v-a-2'],
      'p-1 costs 2 and does not fit; v-a-2 does',
    );
    t.same(plan.skipped, [
      { name: 'p-1', reason: 'over the budget of 3 requests', detail: 'never checked against this target' },
      { name: 's-x-1', reason: 'over the budget of 3 requests', detail: 'last checked 2026-04-10T00:00:00.000Z' },
      { name: 'v-b-1', reason: 'over the budget of 3 requests', detail: 'last checked 2026-04-12T00:00:00.000Z' },
      { name: 's-x-2', reason: 'over the budget of 3 requests', detail: 'last checked 2026-04-12T00:00:00.000Z' },
      { name: 'v-a-1', reason: 'over the budget of 3 requests', detail: 'last checked 2026-04-14T00:00:00.000Z' },
    ]);
    const roomy = planCases(list, 6, checked);
    t.same(
      roomy.cases.map((c) => c.name),
      ['base', 'auth-1', 'p-1', 'v-a-2', 's-x-1'],
    );
    t.same(
      planCases(list, Number.POSITIVE_INFINITY, new Map()).cases.map((c) => c.name),
      planCases(list, Number.POSITIVE_INFINITY).cases.map((c) => c.name),
      'an empty state plans as today',
    );
  },
);

t.test(
  "rotation over the suite's own cases: budget 40 checks every case in ceil(rotating cost / (40 - fixed cost)) runs, no sooner",
  async (t) => {
    const first = cases.filter((c) => c.category === 'baseline' || c.category === 'auth');
    const fixed = first.reduce((sum, c) => sum + c.cost, 0);
    const rotating = cases.reduce((sum, c) => sum + c.cost, 0) - fixed;
    const expected = Math.ceil(rotating / (40 - fixed));
    const checked = new Map<string, number>();
    let runs = 0;
    while (checked.size < cases.length && runs < 10) {
      runs++;
      const plan = planCases(cases, 40, checked);
      t.ok(costOf(plan.cases) <= 40, `run ${runs} costs ${costOf(plan.cases)}`);
      t.same(plan.cases.slice(0, first.length), first, `run ${runs}: baseline and auth first, every time`);
      for (const c of plan.cases) checked.set(c.name, runs);
      if (runs < expected) t.ok(checked.size < cases.length, `after run ${runs} of ${expected} some case is still unchecked`);
    }
    t.equal(runs, expected, `${cases.length} cases, fixed cost ${fixed}, rotating cost ${rotating}: ${expected} runs`);
    t.equal(checked.size, cases.length);
  },
);

t.test('findings: one per kind, path and rule, counted, breaking first; the fail-on threshold', async (t) => {
  const set = new FindingSet();
  const request = { method: 'POST', path: '/p' };
  set.add({ kind: 'undocumented-field', path: '$.x', expected: 'e', observed: 'number 1', at: '$.x' }, { case: 'one', request });
  set.add({ kind: 'undocumented-field', path: '$.x', expected: 'e', observed: 'number 2' }, { case: 'two' });
  set.add({ kind: 'sort-ties', path: '$.a', expected: 'e', observed: 'o' }, { case: 'two' });
  set.add({ kind: 'schema-type', path: '$.b', rule: 'type', expected: 'e', observed: 'o' }, { case: 'two' });
  set.add({ kind: 'schema-type', path: '$.a', rule: 'type', expected: 'e', observed: 'o' }, { case: 'two' });
  const list = set.list();
  t.same(
    list.map((f) => [f.severity, f.kind, f.path, f.count]),
    [
      ['breaking', 'schema-type', '$.a', 1],
      ['breaking', 'schema-type', '$.b', 1],
      ['additive', 'undocumented-field', '$.x', 2],
      ['info', 'sort-ties', '$.a', 1],
    ],
  );
  t.match(list[2], { observed: 'number 1', example: '$.x', request, case: 'one' });
  t.notOk('example' in (list[0] ?? {}));
  t.notOk('request' in (list[0] ?? {}));
  t.same(
    ['breaking', 'additive', 'info'].map((severity) => failsRun({ severity: severity as 'info', status: 'new' }, 'additive')),
    [true, true, false],
  );
  t.same(
    ['breaking', 'additive', 'info'].map((severity) => failsRun({ severity: severity as 'info', status: 'new' }, 'breaking')),
    [true, false, false],
  );
});
