import { readFileSync } from 'node:fs';
import t from 'tap';
import type { RecordedExchange } from '../../src/contract/exchange.js';
import { FILTER_SEMANTICS } from '../../src/contract/checks/filter-semantics.js';
import { dig } from '../../src/contract/json-value.js';
import { createExchangeJudge, describeValue, jsonPath, valueAt } from '../../src/contract/checks/judge-exchange.js';
import { judgePage } from '../../src/contract/checks/judge-page.js';
import { forbidUndocumented } from '../../src/contract/checks/strict-view.js';
import { facts } from '../helpers/contract.js';

const vendorExample = JSON.parse(readFileSync(new URL('../../fixtures/vendor-example-response.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const judge = createExchangeJudge(facts);
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

const NO_BODY = Symbol('no body');
function exchange(response: Partial<RecordedExchange['response']>, body: unknown = {}): RecordedExchange {
  return {
    request: { method: 'POST', path: facts.path, headers: { authorization: 'Bearer <redacted>' }, ...(body === NO_BODY ? {} : { body }) },
    response: { status: 200, headers: JSON_TYPE, ...response },
    recorded_at: '2026-04-15T00:00:00.000Z',
    target: 'https://openapi.fastmoss.com',
  };
}

const kinds = (e: RecordedExchange) => judge(e).observations.map((o) => `${o.kind} ${o.path}${o.rule ? ` ${o.rule}` : ''}`);
const error = (code: number, message = 'm') => ({
  code,
  data: null,
  message,
  timestamp: 1,
  request_id: '7d9f1b3c-5e7a-4c9e-8b0d-2a4c6e8a0b35',
});

t.test("the vendor's own example answer conforms, and is a page of the request that asked for it", async (t) => {
  const judged = judge(exchange({ body: vendorExample }, { filter: { region: 'US', creator_category_id: 4 } }));
  t.same(judged.observations, []);
  t.equal(judged.disposition, 'accepted');
  t.same(judged.judged, { pagesize: 1, 'filter.region': 1, 'filter.creator_category_id': 1 });
});

t.test('schema violations become findings by kind, one path for every item, with the observed value', async (t) => {
  const body = structuredClone(vendorExample) as { data: { list: Record<string, unknown>[]; total: unknown } };
  const item = body.data.list[0] as Record<string, unknown>;
  delete item['gmv'];
  item['ecommerce_type'] = 9;
  body.data.total = 17;
  (item['creator'] as Record<string, unknown>)['avatar'] = 'not a uri';
  item['video_count'] = -1;
  item['new_metric'] = 1.5;
  const observations = judge(exchange({ body })).observations;
  t.match(
    observations.filter((o) => o.kind !== 'undocumented-field'),
    [
      {
        kind: 'schema-missing-field',
        path: '$.data.list[*].gmv',
        rule: 'required',
        expected: 'data.list[*].gmv is required',
        observed: 'absent',
        at: '$.data.list[0].gmv',
      },
      { kind: 'schema-format', path: '$.data.list[*].creator.avatar', rule: 'format', observed: 'string "not a uri"' },
      { kind: 'schema-constraint', path: '$.data.list[*].video_count', rule: 'minimum', expected: 'data.list[*].video_count must be >= 0' },
      {
        kind: 'schema-enum',
        path: '$.data.list[*].ecommerce_type',
        expected: 'data.list[*].ecommerce_type must be one of 1, 2, 3',
        observed: 'integer 9',
      },
      { kind: 'schema-type', path: '$.data.total', expected: 'data.total must be a string', observed: 'integer 17' },
    ],
  );
  t.match(
    observations.filter((o) => o.kind === 'undocumented-field'),
    [{ path: '$.data.list[*].new_metric', observed: 'number 1.5', at: '$.data.list[0].new_metric' }],
  );
});

t.test('status, content type and envelope are judged before the schema', async (t) => {
  t.same(kinds(exchange({ status: 502, headers: { 'content-type': 'text/html' }, text: '<html>', body: undefined })), [
    'server-error status',
    'status status',
    'content-type headers.content-type',
    'envelope $',
  ]);
  t.same(kinds(exchange({ headers: {}, body: [1] })), ['content-type headers.content-type', 'envelope $']);
  t.match(judge(exchange({ status: 204, headers: {} })).observations, [
    { kind: 'status' },
    { kind: 'content-type', observed: 'absent' },
    { kind: 'envelope', observed: 'not JSON: ""' },
  ]);
  t.same(kinds(exchange({ body: { ...vendorExample, code: '0' } })), ['envelope $.code']);
  t.same(kinds(exchange({ status: 200, body: error(10001) }, { page: 0 })), ['status status code 10001']);
  t.equal(
    judge(exchange({ status: 200, body: error(10001) }, { page: 0 })).disposition,
    'rejected',
    'the code decides how the request was treated',
  );
  t.same(kinds(exchange({ status: 418, body: error(12345) })), ['status status']);
  t.same(kinds(exchange({ status: 200, body: error(40001) })), ['server-error status', 'status status code 40001']);
  t.equal(judge(exchange({ status: 401, body: error(30001) })).disposition, 'other');
  t.equal(judge(exchange({ status: 200, body: error(10001) }, { page: 0 })).requestValid, false, 'the spec refuses page 0');
  t.equal(judge(exchange({ status: 401, body: error(30001) })).requestValid, true, 'no body reads as {}, which the spec accepts');
  t.equal(judge(exchange({ body: vendorExample })).requestValid, true);
});

t.test("the target's acceptance is judged against the spec's verdict on the request", async (t) => {
  const accepted = judge(exchange({ body: vendorExample }, { filter: { region: 'XX' } }));
  t.match(accepted.observations, [
    {
      kind: 'validation-accepts-invalid',
      path: 'filter.region',
      rule: 'enum',
      expected: /^refused with code 10001: filter\.region must be one of/,
      observed: 'accepted (HTTP 200, code 0)',
    },
  ]);
  t.same(accepted.judged, {}, 'a page for a request the spec refuses has no defined semantics');
  const refused = judge(exchange({ status: 400, body: error(10001, 'no') }, { page: 2 }), { field: 'page', rule: 'minimum' });
  t.match(refused.observations, [
    { kind: 'validation-rejects-valid', path: 'page', rule: 'minimum', observed: 'refused (HTTP 400, code 10001): "no"' },
  ]);
  const unfocused = judge(exchange({ status: 400, body: error(10001) }, NO_BODY));
  t.match(unfocused.observations, [{ kind: 'validation-rejects-valid', path: 'body' }]);
  t.notOk('rule' in (unfocused.observations[0] ?? {}));
});

t.test('a page is judged on its own: length, order, tie order (info), and every filter', async (t) => {
  const item = (uid: string, potential: unknown, extra: Record<string, unknown> = {}) => ({
    uid,
    potential_index: potential,
    creator: { region: 'US' },
    ...extra,
  });
  const data = {
    list: [item('2', 90), item('1', 90), item('3', 95), item('4', 'x'), item('5', 10, { creator: { region: 'GB' } })],
    date_type: 'month',
    date_value: '2026-03',
  };
  const judged = judgePage(
    facts,
    { pagesize: 4, filter: { region: 'US', date_info: { type: 'month', value: '2026-03' }, product_category_l1_id: 3, unknown: 1 } },
    data,
  );
  t.match(judged.observations, [
    { kind: 'semantics-pagination', path: '$.data.list', expected: 'at most 4 items (pagesize)', observed: '5 items' },
    { kind: 'sort-ties', path: '$.data.list[*].uid', observed: 'uid 2 before 1 at equal potential_index 90', at: '$.data.list[1].uid' },
    { kind: 'semantics-sort', path: '$.data.list[*].potential_index', rule: 'orderby desc', observed: '90 then 95 at items 1 and 2' },
    {
      kind: 'semantics-filter',
      path: 'filter.region',
      expected: 'creator.region "US"',
      observed: 'creator.region "GB"',
      at: '$.data.list[4]',
    },
  ]);
  t.same(judged.judged, { pagesize: 1, sort: 2, 'filter.region': 5, 'filter.date_info': 1 });
  const asc = judgePage(facts, { orderby: [{ field: 'potential_index', order: 'asc' }] }, { list: [item('1', 1), item('2', 2)] });
  t.same(asc.observations, []);
  t.same(judgePage(facts, {}, { list: 'nope' }), { observations: [], judged: {} });
  const wrongPeriod = judgePage(
    facts,
    { filter: { date_info: { type: 'day', value: '2026-03-01' } } },
    { list: [], date_type: 'month', date_value: '2026-03' },
  );
  t.match(wrongPeriod.observations, [
    { kind: 'semantics-filter', path: 'filter.date_info', observed: 'data.date_type "month", data.date_value "2026-03"', at: '$.data' },
  ]);
});

t.test('each filter means what the fake issue defined, judged on returned items', async (t) => {
  const judgeItem = (name: string, item: unknown, value: unknown) => FILTER_SEMANTICS[name]?.judgeItem?.(item, value);
  const creator = (fields: Record<string, unknown>) => ({ creator: fields });
  t.equal(judgeItem('creator_category_id', creator({ category: { id: 4 } }), 4), true);
  t.equal(judgeItem('creator_category_id', creator({ category: { id: 5 } }), 4), false);
  t.equal(judgeItem('product_category_l3_id', { sales_category_l3: [{ id: 1 }, { id: 601554 }] }, 601554), true);
  t.equal(judgeItem('product_category_l3_id', { sales_category_l3: 'none' }, 601554), false);
  t.equal(judgeItem('product_category_l1_id', {}, 1), undefined);
  for (const [type, expected] of [
    [1, true],
    [2, false],
    [3, true],
  ] as const)
    t.equal(judgeItem('ecommerce_type', { ecommerce_type: type }, 1), expected, `item type ${type} for request 1`);
  t.equal(judgeItem('follower_count_range', creator({ follower_count: 500 }), { min: 500, max: 500 }), true, 'inclusive');
  t.equal(judgeItem('follower_count_range', creator({ follower_count: 501 }), { max: 500 }), false);
  t.equal(judgeItem('follower_count_range', creator({ follower_count: 499 }), { min: 500 }), false);
  t.equal(judgeItem('follower_count_range', creator({ follower_count: 9 }), {}), true);
  t.equal(judgeItem('follower_count_range', creator({}), { min: 1 }), undefined);
  const genders = (female: string, male: string) =>
    creator({
      follower_genders: [
        { key: 'female', value: female },
        { key: 'male', value: male },
      ],
    });
  t.equal(judgeItem('follower_gender_type', genders('0.6319', '0.3681'), 0), true);
  t.equal(judgeItem('follower_gender_type', genders('0.6319', '0.3681'), 1), false);
  t.equal(judgeItem('follower_gender_type', genders('0.5', '0.5'), 0), false, 'above one half, strictly');
  t.equal(judgeItem('follower_gender_type', creator({}), 0), undefined);
  t.equal(judgeItem('follower_gender_type', genders('n/a', '1'), 0), undefined);
  const ages = (a: string, b: string, c: string, d: string, e: string) =>
    creator({
      follower_ages: [
        { key: '18-24', value: a },
        { key: '25-34', value: b },
        { key: '35-44', value: c },
        { key: '45-54', value: d },
        { key: '55+', value: e },
      ],
    });
  // 35+ is 0.1 + 0.2 + 0.0 = 0.3 exactly, tied with 18-24: a tie is acceptable for both, however floats add up.
  t.equal(judgeItem('follower_age_type', ages('0.3', '0.25', '0.1', '0.2', '0'), 1), true);
  t.equal(judgeItem('follower_age_type', ages('0.3', '0.25', '0.1', '0.2', '0'), 3), true);
  t.equal(judgeItem('follower_age_type', ages('0.3', '0.25', '0.1', '0.2', '0'), 2), false);
  t.equal(judgeItem('follower_age_type', creator({ follower_ages: [] }), 2), undefined);
  t.equal(
    judgeItem('follower_age_type', creator({ follower_ages: [{ key: '25-34', value: '0.4' }] }), 2),
    true,
    'missing brackets count as 0',
  );
  t.equal(
    judgeItem('follower_age_type', ages('0.3', '0.25', '0.1', '0.2', '0'), 4),
    false,
    'a code the spec does not define matches nothing',
  );
  t.equal(judgeItem('follower_gender_type', genders('0.6', '0.4'), 2), undefined, 'nor does a gender code it does not define');
});

t.test('filter values come from the baseline, else from the spec', async (t) => {
  const values = (name: string, baselineItems: unknown[] = [], baselinePeriod?: { type: string; value: string }) =>
    FILTER_SEMANTICS[name]?.values({ facts, baselineItems, ...(baselinePeriod ? { baselinePeriod } : {}) });
  const item = (region: string, category: number, followers: number, l3: number[]) => ({
    creator: { region, category: { id: category }, follower_count: followers },
    sales_category_l3: l3.map((id) => ({ id })),
  });
  const baseline = [
    item('GB', 2, 10, [5, 6]),
    item('GB', 2, 20, [6]),
    item('US', 4, 30, [7]),
    item('US', 4, 40, []),
    item('DE', 4, 50, []),
  ];
  t.same(values('region', baseline), ['GB']);
  t.same(values('region'), ['US']);
  t.same(values('creator_category_id', baseline), [4]);
  t.same(values('creator_category_id'), [4], "the vendor example's category");
  t.same(values('product_category_l3_id', baseline), [6]);
  t.same(values('product_category_l3_id'), []);
  t.same(values('follower_count_range', baseline), [{ min: 20, max: 40 }]);
  t.same(values('follower_count_range'), [{ min: 500000, max: 1000000 }]);
  t.same(values('ecommerce_type'), [1, 2]);
  t.same(values('follower_age_type'), [1, 2, 3]);
  t.same(values('date_info', [], { type: 'month', value: '2026-03' }), [{ type: 'month', value: '2026-03' }]);
  t.same(values('date_info'), [{ type: 'month', value: '2026-03' }]);
  t.same(values('product_category_l2_id', baseline), []);
  t.match(FILTER_SEMANTICS['product_category_l2_id']?.unjudgeable, /level-2 filter cannot be judged from a response alone/);
  for (const [name, semantics] of Object.entries(FILTER_SEMANTICS)) {
    t.type(semantics.expected(1), 'string', `${name} says what it expects`);
    t.type(semantics.shows({}), 'string', `${name} says what it saw`);
  }
});

t.test('small helpers', async (t) => {
  t.equal(jsonPath('body'), '$');
  t.equal(jsonPath('data.list[12].creator.follower_ages[3].key'), '$.data.list[*].creator.follower_ages[*].key');
  t.equal(jsonPath('data.list[12].uid', true), '$.data.list[12].uid');
  t.equal(valueAt({ a: [{ b: 1 }] }, 'a[0].b'), 1);
  t.equal(valueAt(5, 'body'), 5);
  t.equal(dig(null, 'a'), undefined);
  t.same(
    [describeValue(undefined), describeValue(null), describeValue([1]), describeValue(2), describeValue(2.5), describeValue('s')],
    ['absent', 'null', 'array [1]', 'integer 2', 'number 2.5', 'string "s"'],
  );
  t.same(
    forbidUndocumented({
      type: 'object',
      properties: { a: { type: 'object', properties: {} } },
      items: [{ type: 'object', properties: {}, additionalProperties: true }],
    }),
    {
      type: 'object',
      properties: { a: { type: 'object', properties: {}, additionalProperties: false } },
      items: [{ type: 'object', properties: {}, additionalProperties: true }],
      additionalProperties: false,
    },
  );
});
