import t from 'tap';
import { fake, post } from '../helpers/fake.js';
import { requestConstraints } from '../helpers/request-constraints.js';
import { api } from '../helpers/spec.js';

/** One step inside and one step outside each bound; `field` is what the rejection message must name. */
interface Case {
  readonly constraint: string;
  readonly accept: readonly unknown[];
  readonly reject: readonly unknown[];
  readonly field: string;
}

const filter = (f: Record<string, unknown>) => ({ filter: f });
const dateInfo = (d: unknown) => filter({ date_info: d });
const range = (r: unknown) => filter({ follower_count_range: r });
const order = (o: unknown) => ({ orderby: [o] });

const idCases = (name: string): Case[] => [
  {
    constraint: `filter.${name}:type`,
    accept: [filter({ [name]: 14 })],
    reject: [filter({ [name]: '14' }), filter({ [name]: 14.5 })],
    field: `filter.${name}`,
  },
  {
    constraint: `filter.${name}:minimum`,
    accept: [filter({ [name]: 1 })],
    reject: [filter({ [name]: 0 }), filter({ [name]: -1 })],
    field: `filter.${name}`,
  },
];

const CASES: Case[] = [
  { constraint: 'body:type', accept: [{}], reject: [[], 'null', '"x"', '7'], field: 'body' },
  { constraint: 'body:additionalProperties', accept: [{ page: 1 }], reject: [{ pagesiz: 10 }, { __proto__x: 1 }], field: 'pagesiz' },
  { constraint: 'filter:type', accept: [filter({})], reject: [{ filter: [] }, { filter: 'US' }], field: 'filter' },
  {
    constraint: 'filter:additionalProperties',
    accept: [filter({ region: 'US' })],
    reject: [filter({ regoin: 'US' })],
    field: 'filter.regoin',
  },
  { constraint: 'filter.region:type', accept: [filter({ region: 'US' })], reject: [filter({ region: 1 })], field: 'filter.region' },
  {
    constraint: 'filter.region:enum',
    accept: [filter({ region: 'SG' }), filter({ region: 'JP' })],
    reject: [filter({ region: 'XX' }), filter({ region: 'us' })],
    field: 'filter.region',
  },
  ...idCases('creator_category_id'),
  ...idCases('product_category_l1_id'),
  ...idCases('product_category_l2_id'),
  ...idCases('product_category_l3_id'),
  {
    constraint: 'filter.ecommerce_type:type',
    accept: [filter({ ecommerce_type: 1 })],
    reject: [filter({ ecommerce_type: '1' })],
    field: 'filter.ecommerce_type',
  },
  {
    constraint: 'filter.ecommerce_type:enum',
    accept: [filter({ ecommerce_type: 2 })],
    reject: [filter({ ecommerce_type: 3 }), filter({ ecommerce_type: 0 })],
    field: 'filter.ecommerce_type',
  },
  {
    constraint: 'filter.follower_count_range:type',
    accept: [range({})],
    reject: [range(5), range([1, 2])],
    field: 'filter.follower_count_range',
  },
  {
    constraint: 'filter.follower_count_range:additionalProperties',
    accept: [range({ min: 1 })],
    reject: [range({ mn: 1 })],
    field: 'filter.follower_count_range.mn',
  },
  {
    constraint: 'filter.follower_count_range.min:type',
    accept: [range({ min: 5 })],
    reject: [range({ min: '5' })],
    field: 'filter.follower_count_range.min',
  },
  {
    constraint: 'filter.follower_count_range.min:minimum',
    accept: [range({ min: 0 })],
    reject: [range({ min: -1 })],
    field: 'filter.follower_count_range.min',
  },
  {
    constraint: 'filter.follower_count_range.max:type',
    accept: [range({ max: 5 })],
    reject: [range({ max: 5.5 })],
    field: 'filter.follower_count_range.max',
  },
  {
    constraint: 'filter.follower_count_range.max:minimum',
    accept: [range({ max: 0 })],
    reject: [range({ max: -1 })],
    field: 'filter.follower_count_range.max',
  },
  {
    constraint: 'filter.follower_age_type:type',
    accept: [filter({ follower_age_type: 1 })],
    reject: [filter({ follower_age_type: { id: 1 } })],
    field: 'filter.follower_age_type',
  },
  {
    constraint: 'filter.follower_age_type:enum',
    accept: [filter({ follower_age_type: 3 })],
    reject: [filter({ follower_age_type: 4 }), filter({ follower_age_type: 0 })],
    field: 'filter.follower_age_type',
  },
  {
    constraint: 'filter.follower_gender_type:type',
    accept: [filter({ follower_gender_type: 0 })],
    reject: [filter({ follower_gender_type: '0' })],
    field: 'filter.follower_gender_type',
  },
  {
    constraint: 'filter.follower_gender_type:enum',
    accept: [filter({ follower_gender_type: 1 })],
    reject: [filter({ follower_gender_type: 2 }), filter({ follower_gender_type: -1 })],
    field: 'filter.follower_gender_type',
  },
  {
    constraint: 'filter.date_info:type',
    accept: [dateInfo({ type: 'month', value: '2026-03' })],
    reject: [dateInfo('2026-03')],
    field: 'filter.date_info',
  },
  {
    constraint: 'filter.date_info:additionalProperties',
    accept: [dateInfo({ type: 'day', value: '2026-03-01' })],
    reject: [dateInfo({ type: 'day', value: '2026-03-01', tz: 'UTC' })],
    field: 'filter.date_info.tz',
  },
  {
    constraint: 'filter.date_info:required',
    accept: [dateInfo({ type: 'week', value: '2026-08' })],
    reject: [dateInfo({ type: 'day' }), dateInfo({ value: '2026-03' })],
    field: 'filter.date_info.',
  },
  {
    constraint: 'filter.date_info.type:type',
    accept: [dateInfo({ type: 'month', value: '2026-03' })],
    reject: [dateInfo({ type: 3, value: '2026-03' })],
    field: 'filter.date_info.type',
  },
  {
    constraint: 'filter.date_info.type:enum',
    accept: [dateInfo({ type: 'week', value: '2026-W08' })],
    reject: [dateInfo({ type: 'year', value: '2026' })],
    field: 'filter.date_info.type',
  },
  {
    constraint: 'filter.date_info.value:type',
    accept: [dateInfo({ type: 'month', value: '2026-03' })],
    reject: [dateInfo({ type: 'month', value: 202603 })],
    field: 'filter.date_info.value',
  },
  {
    constraint: 'filter.date_info.value:pattern@day',
    accept: [dateInfo({ type: 'day', value: '2026-03-01' })],
    reject: [dateInfo({ type: 'day', value: '2026-3-1' }), dateInfo({ type: 'day', value: '2026-03' })],
    field: 'filter.date_info.value',
  },
  {
    constraint: 'filter.date_info.value:pattern@week',
    accept: [dateInfo({ type: 'week', value: '2026-08' }), dateInfo({ type: 'week', value: '2026-W08' })],
    reject: [dateInfo({ type: 'week', value: '2026-8' }), dateInfo({ type: 'week', value: '2026-w08' })],
    field: 'filter.date_info.value',
  },
  {
    constraint: 'filter.date_info.value:pattern@month',
    accept: [dateInfo({ type: 'month', value: '2026-03' })],
    reject: [dateInfo({ type: 'month', value: '2026-3' }), dateInfo({ type: 'month', value: '2026-03-01' })],
    field: 'filter.date_info.value',
  },
  {
    constraint: 'orderby:type',
    accept: [{ orderby: [] }],
    reject: [{ orderby: { field: 'potential_index', order: 'desc' } }],
    field: 'orderby',
  },
  {
    constraint: 'orderby:maxItems',
    accept: [order({ field: 'potential_index' })],
    reject: [{ orderby: [{ field: 'potential_index' }, { field: 'potential_index' }] }],
    field: 'orderby',
  },
  {
    constraint: 'orderby[]:type',
    accept: [order({ field: 'potential_index' })],
    reject: [{ orderby: ['potential_index'] }],
    field: 'orderby[0]',
  },
  {
    constraint: 'orderby[]:additionalProperties',
    accept: [order({ field: 'potential_index', order: 'asc' })],
    reject: [order({ field: 'potential_index', dir: 'asc' })],
    field: 'orderby[0].dir',
  },
  {
    constraint: 'orderby[]:required',
    accept: [order({ field: 'potential_index' })],
    reject: [order({ order: 'asc' })],
    field: 'orderby[0].field',
  },
  {
    constraint: 'orderby[].field:type',
    accept: [order({ field: 'potential_index' })],
    reject: [order({ field: 1 })],
    field: 'orderby[0].field',
  },
  {
    constraint: 'orderby[].field:enum',
    accept: [order({ field: 'potential_index' })],
    reject: [order({ field: 'gmv' })],
    field: 'orderby[0].field',
  },
  {
    constraint: 'orderby[].order:type',
    accept: [order({ field: 'potential_index', order: 'desc' })],
    reject: [order({ field: 'potential_index', order: -1 })],
    field: 'orderby[0].order',
  },
  {
    constraint: 'orderby[].order:enum',
    accept: [order({ field: 'potential_index', order: 'asc' })],
    reject: [order({ field: 'potential_index', order: 'ASC' })],
    field: 'orderby[0].order',
  },
  { constraint: 'page:type', accept: [{ page: 2 }], reject: [{ page: '2' }, { page: 1.5 }, { page: null }], field: 'page' },
  { constraint: 'page:minimum', accept: [{ page: 1 }], reject: [{ page: 0 }], field: 'page' },
  { constraint: 'page:maximum', accept: [{ page: 1000, pagesize: 1 }], reject: [{ page: 1001, pagesize: 1 }], field: 'page' },
  { constraint: 'pagesize:type', accept: [{ pagesize: 20 }], reject: [{ pagesize: '20' }, { pagesize: true }], field: 'pagesize' },
  { constraint: 'pagesize:minimum', accept: [{ pagesize: 1 }], reject: [{ pagesize: 0 }], field: 'pagesize' },
  { constraint: 'pagesize:maximum', accept: [{ pagesize: 100 }], reject: [{ pagesize: 101 }], field: 'pagesize' },
  // the spec's x-rules
  {
    constraint: 'x-rule:page-window',
    accept: [{ page: 10, pagesize: 100 }, { page: 100 }],
    reject: [{ page: 11, pagesize: 100 }, { page: 101 }],
    field: 'page',
  },
  {
    constraint: 'x-rule:follower-range-order',
    accept: [range({ min: 500, max: 500 })],
    reject: [range({ min: 501, max: 500 })],
    field: 'filter.follower_count_range',
  },
  {
    constraint: 'x-rule:day-is-calendar-date',
    accept: [dateInfo({ type: 'day', value: '2024-02-29' }), dateInfo({ type: 'day', value: '2026-04-30' })],
    reject: [
      dateInfo({ type: 'day', value: '2026-02-29' }),
      dateInfo({ type: 'day', value: '2026-04-31' }),
      dateInfo({ type: 'day', value: '2026-13-01' }),
    ],
    field: 'filter.date_info.value',
  },
  {
    constraint: 'x-rule:week-exists',
    accept: [dateInfo({ type: 'week', value: '2026-W53' }), dateInfo({ type: 'week', value: '2026-01' })],
    reject: [dateInfo({ type: 'week', value: '2027-W53' }), dateInfo({ type: 'week', value: '2026-00' })],
    field: 'filter.date_info.value',
  },
  {
    constraint: 'x-rule:month-in-range',
    accept: [dateInfo({ type: 'month', value: '2026-12' }), dateInfo({ type: 'month', value: '2026-01' })],
    reject: [dateInfo({ type: 'month', value: '2026-13' }), dateInfo({ type: 'month', value: '2026-00' })],
    field: 'filter.date_info.value',
  },
];

t.test('every constraint in the spec and every x-rule has accept and reject cases here', async (t) => {
  const fromSpec = [...requestConstraints(), ...api.rules.map((r) => `x-rule:${r.id}`)].sort();
  t.same(CASES.map((c) => c.constraint).sort(), fromSpec);
});

t.test('each bound: accepted one step inside, rejected one step outside, naming the field', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  for (const c of CASES) {
    for (const body of c.accept) {
      const result = await post(app, body);
      t.equal(result.status, 200, `${c.constraint} accepts ${JSON.stringify(body)}: ${result.json.message}`);
      t.equal(result.json.code, 0);
    }
    for (const body of c.reject) {
      const result = await post(app, body);
      t.equal(result.status, 400, `${c.constraint} rejects ${JSON.stringify(body)}`);
      t.equal(result.json.code, 10001);
      t.ok(result.json.message.includes(c.field), `${c.constraint}: "${result.json.message}" names ${c.field}`);
      t.equal(result.json.data, null);
    }
  }
});

t.test('rejections explain the rule in words', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const message = async (body: unknown) => (await post(app, body)).json.message;
  t.equal(
    await message(filter({ region: 'XX' })),
    'filter.region must be one of US, GB, MX, ES, DE, IT, FR, ID, VN, MY, TH, PH, BR, JP, SG: got "XX".',
  );
  t.equal(
    await message({ pagesiz: 10 }),
    'pagesiz is not allowed: the body accepts filter, orderby, page, pagesize. Remove it or fix its spelling.',
  );
  t.equal(await message({ page: '1' }), 'page must be an integer: got string "1".');
  t.equal(
    await message({ page: 11, pagesize: 100 }),
    'page * pagesize must be <= 1000: got 11 * 100 = 1100. Ask for an earlier page or a smaller pagesize.',
  );
  t.equal(
    await message(dateInfo({ type: 'week', value: '2027-W53' })),
    'filter.date_info.value must be an ISO week that exists in its year for type week: got "2027-W53".',
  );
  t.equal(
    await message('{"page":1e400}'),
    'page must be an integer: got number 1e309 or more (past the largest number, 1.8e308).',
    'not "got number null"',
  );
  t.equal(
    await message('{"pagesize":-1e400}'),
    'pagesize must be an integer: got number -1e309 or less (past the smallest number, -1.8e308).',
  );
  t.equal(
    await message('{"filter":{"region":[1e999,2]}}'),
    'filter.region must be a string: got array [1e309 or more (past the largest number, 1.8e308),2].',
  );
});

t.test('years 0000 to 0099 are years 0 to 99, not 1900 to 1999', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const status = async (type: string, value: string) => (await post(app, dateInfo({ type, value }))).status;
  t.equal(await status('week', '0003-W53'), 400, '0003 (like 2003) has 52 ISO weeks; 1903 had 53');
  t.equal(await status('week', '0004-W53'), 200, '0004 (like 2004) has 53 ISO weeks');
  t.equal(await status('day', '0000-02-29'), 200, '0000 is a leap year (divisible by 400); 1900 was not');
  t.equal(await status('day', '0100-02-29'), 400, '0100 is not');
  const period = (await post(app, dateInfo({ type: 'week', value: '0004-W53' }))).json.data as { date_value: string; total: string };
  t.same([period.date_value, typeof period.total], ['0004-W53', 'string'], 'and the period is answered as asked');
});
