import t from 'tap';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { fake, page, post, type Item } from '../helpers/fake.js';
import { api } from '../helpers/spec.js';

const validateResponse = createResponseValidator(api);
const app = fake();
t.teardown(() => app.close());

const MONTH = { type: 'month', value: '2026-03' } as const;
const all = async (filter: Record<string, unknown>, order: 'asc' | 'desc' = 'desc'): Promise<{ items: Item[]; total: number }> => {
  const items: Item[] = [];
  let total = 0;
  for (let p = 1; p <= 10; p++) {
    const data = await page(app, {
      filter: { date_info: MONTH, ...filter },
      orderby: [{ field: 'potential_index', order }],
      page: p,
      pagesize: 100,
    });
    total = Number(data.total);
    items.push(...data.list);
    if (items.length >= total || data.list.length === 0) break;
  }
  return { items, total };
};
const share = (list: { key: string; value: string }[], key: string) => Number(list.find((e) => e.key === key)?.value ?? 0);

t.test("the vendor's example request finds tens of creators, like the vendor's total of 17", async (t) => {
  const data = await page(app, {
    filter: {
      region: 'US',
      creator_category_id: 4,
      product_category_l1_id: 14,
      date_info: MONTH,
      follower_count_range: { min: 500_000, max: 1_000_000 },
    },
    orderby: [{ field: 'potential_index', order: 'desc' }],
    page: 1,
    pagesize: 10,
  });
  t.ok(Number(data.total) >= 5 && Number(data.total) <= 60, `total ${data.total}`);
  t.equal(data.list.length, Math.min(10, Number(data.total)));
  t.equal(data.date_type, 'month');
  t.equal(data.date_value, '2026-03');
});

t.test('broad filters give hundreds, everything validates against the spec', async (t) => {
  const result = await post(app, { filter: { region: 'US', date_info: MONTH }, pagesize: 100 });
  t.same(validateResponse(200, result.json), { valid: true, errors: [] });
  const total = Number((result.json.data as { total: string }).total);
  t.ok(total >= 200 && total <= 1000, `US month total ${total}`);
  t.ok(Number((await page(app, {})).total) > 1000, 'all regions, last month');
});

t.test('each filter holds on every returned item, and narrows the total', async (t) => {
  const { total: everything } = await all({ region: 'GB' });
  const cases: [Record<string, unknown>, (item: Item) => boolean][] = [
    [{ creator_category_id: 4 }, (i) => i.creator.category.id === 4],
    [{ product_category_l3_id: 601554 }, (i) => i.sales_category_l3.some((c) => c.id === 601554)],
    [{ product_category_l2_id: 601450 }, (i) => i.sales_category_l3.some((c) => [601554, 601534, 601555].includes(c.id))],
    [{ product_category_l1_id: 24 }, (i) => i.sales_category_l3.some((c) => c.id >= 605000 && c.id < 606000)],
    [{ ecommerce_type: 1 }, (i) => i.ecommerce_type === 1 || i.ecommerce_type === 3],
    [{ ecommerce_type: 2 }, (i) => i.ecommerce_type === 2 || i.ecommerce_type === 3],
    [{ follower_count_range: { min: 100_000 } }, (i) => i.creator.follower_count >= 100_000],
    [{ follower_count_range: { max: 100_000 } }, (i) => i.creator.follower_count <= 100_000],
    [
      { follower_count_range: { min: 200_000, max: 400_000 } },
      (i) => i.creator.follower_count >= 200_000 && i.creator.follower_count <= 400_000,
    ],
    [{ follower_gender_type: 0 }, (i) => share(i.creator.follower_genders, 'female') > 0.5],
    [{ follower_gender_type: 1 }, (i) => share(i.creator.follower_genders, 'male') > 0.5],
    [{ follower_age_type: 1 }, (i) => dominantAge(i) === 1],
    [{ follower_age_type: 2 }, (i) => dominantAge(i) === 2],
    [{ follower_age_type: 3 }, (i) => dominantAge(i) === 3],
  ];
  for (const [filter, holds] of cases) {
    const { items, total } = await all({ region: 'GB', ...filter });
    const name = JSON.stringify(filter);
    t.ok(items.length > 0, `${name} matches something`);
    t.equal(items.length, total, `${name}: total counts every match`);
    t.ok(total < everything, `${name} narrows ${everything} to ${total}`);
    t.ok(
      items.every((i) => i.creator.region === 'GB' && holds(i)),
      `${name} holds on all ${items.length} items`,
    );
  }
});

function dominantAge(item: Item): 1 | 2 | 3 {
  const ages = item.creator.follower_ages;
  const young = share(ages, '18-24');
  const middle = share(ages, '25-34');
  const older = share(ages, '35-44') + share(ages, '45-54') + share(ages, '55+');
  const top = Math.max(young, middle, older);
  return top === young ? 1 : top === middle ? 2 : 3;
}

t.test('complementary filters partition the matches', async (t) => {
  const { total } = await all({ region: 'FR' });
  const female = (await all({ region: 'FR', follower_gender_type: 0 })).total;
  const male = (await all({ region: 'FR', follower_gender_type: 1 })).total;
  t.ok(female + male <= total && female + male >= total - 2, 'gender 0 and 1 cover everyone but exact halves');
  const ages = [1, 2, 3].map(async (a) => (await all({ region: 'FR', follower_age_type: a })).total);
  t.equal(
    (await Promise.all(ages)).reduce((a, b) => a + b, 0),
    total,
    'age types 1, 2, 3 partition',
  );
});

t.test('sort order and tie-break, both directions', async (t) => {
  for (const order of ['desc', 'asc'] as const) {
    const { items } = await all({ region: 'US' }, order);
    t.ok(items.length > 100);
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1] as Item;
      const b = items[i] as Item;
      const inOrder = order === 'desc' ? a.potential_index >= b.potential_index : a.potential_index <= b.potential_index;
      const tieOk = a.potential_index !== b.potential_index || a.uid < b.uid;
      if (!inOrder || !tieOk) t.fail(`${order}: ${a.uid}(${a.potential_index}) before ${b.uid}(${b.potential_index})`);
    }
    t.pass(`${order}: ${items.length} items in order, ties by uid`);
  }
  const byDefault = await page(app, { filter: { region: 'DE', date_info: MONTH } });
  const explicit = await page(app, { filter: { region: 'DE', date_info: MONTH }, orderby: [{ field: 'potential_index', order: 'desc' }] });
  t.same(byDefault, explicit, 'desc is the default');
});

t.test('pages are slices of one order; total is stable; past the end is empty', async (t) => {
  const base = { filter: { region: 'IT', date_info: MONTH } };
  const big = await page(app, { ...base, page: 1, pagesize: 30 });
  const slices = await Promise.all([1, 2, 3].map((p) => page(app, { ...base, page: p, pagesize: 10 })));
  t.same(
    slices.flatMap((s) => s.list.map((i) => i.uid)),
    big.list.map((i) => i.uid),
  );
  t.same(new Set(slices.map((s) => s.total)).size, 1);
  const last = Math.ceil(Number(big.total) / 10);
  const tail = await page(app, { ...base, page: last, pagesize: 10 });
  t.equal(tail.list.length, Number(big.total) - (last - 1) * 10);
  const past = await page(app, { ...base, page: last + 1, pagesize: 10 });
  t.same(past.list, []);
  t.equal(past.total, big.total);
});

t.test('periods: echo, default month, unfinished periods have no data', async (t) => {
  const last = await page(app, {});
  t.same([last.date_type, last.date_value], ['month', '2026-10'], 'no date_info: the latest month completed by the clock (2026-11-25)');
  const week = await page(app, { filter: { date_info: { type: 'week', value: '2026-08' } } });
  const wweek = await page(app, { filter: { date_info: { type: 'week', value: '2026-W08' } } });
  t.same([week.date_type, week.date_value, wweek.date_value], ['week', '2026-08', '2026-W08'], 'the week is echoed as written');
  t.same(week.list, wweek.list, 'YYYY-WW and YYYY-Www name the same week');
  t.equal((await page(app, { filter: { date_info: { type: 'day', value: '2026-11-24' } } })).list.length, 10, 'yesterday is complete');
  for (const info of [
    { type: 'day', value: '2026-11-25' },
    { type: 'week', value: '2026-W48' },
    { type: 'month', value: '2026-11' },
    { type: 'month', value: '2027-01' },
  ]) {
    const data = await page(app, { filter: { date_info: info } });
    t.same([data.list, data.total, data.date_value], [[], '0', info.value], `${info.type} ${info.value} not completed`);
  }
});

t.test('identity is stable across periods, metrics are not', async (t) => {
  const march = await all({ region: 'JP' });
  const april = await all({ region: 'JP', date_info: { type: 'month', value: '2026-04' } });
  const aprilByUid = new Map(april.items.map((i) => [i.uid, i]));
  const both = march.items.filter((i) => aprilByUid.has(i.uid));
  t.ok(both.length > 20, `${both.length} creators ranked in both months`);
  t.ok(
    both.every((i) => JSON.stringify(i.creator) === JSON.stringify(aprilByUid.get(i.uid)?.creator)),
    'creator block identical',
  );
  t.ok(
    both.some((i) => i.units_sold !== aprilByUid.get(i.uid)?.units_sold),
    'metrics vary by period',
  );
});

t.test("items are coherent like the vendor's example", async (t) => {
  const regions = ['US', 'GB', 'ID', 'BR', 'JP'];
  for (const region of regions) {
    const { items } = await all({ region });
    for (const i of items) {
      const problems: string[] = [];
      if (i.uid !== i.creator.uid) problems.push('uid');
      if (!/^\d{19}$/.test(i.uid)) problems.push('uid shape');
      if (i.units_sold !== i.live_units_sold + i.video_units_sold) problems.push('units');
      if (region === 'US' && i.gmv !== i.usd_gmv) problems.push('usd');
      if (region !== 'US' && i.gmv === i.usd_gmv && i.gmv > 0) problems.push('rate');
      if (i.ecommerce_type === 1 && i.live_units_sold !== 0) problems.push('video-only sells live');
      if (i.ecommerce_type === 2 && i.video_units_sold !== 0) problems.push('live-only sells video');
      if (i.sales_category_l3.length < 3 || i.sales_category_l3.length > 5) problems.push('categories');
      if (i.potential_index < 0 || i.potential_index > 100 || !Number.isInteger(i.potential_index)) problems.push('potential');
      const genders = i.creator.follower_genders.reduce((s, g) => s + Number(g.value), 0);
      if (Math.abs(genders - 1) > 1e-9) problems.push(`genders ${genders}`);
      if (i.creator.follower_ages.reduce((s, a) => s + Number(a.value), 0) > 1 + 1e-9) problems.push('ages');
      if (problems.length > 0) t.fail(`${i.uid}: ${problems.join(', ')}`);
    }
    t.pass(`${region}: ${items.length} coherent items`);
  }
  const gb = (await all({ region: 'GB' })).items[0] as Item;
  t.ok(gb.gmv < gb.usd_gmv, 'GBP amounts are smaller than USD ones');
});

t.test('determinism: same seed, request and clock give byte-identical bodies across instances', async (t) => {
  const other = fake();
  t.teardown(() => other.close());
  const bodies = [{}, { filter: { region: 'MX', ecommerce_type: 2 }, page: 3, pagesize: 7 }, { pagesize: 101 }, '{bad'];
  for (const body of bodies) t.equal((await post(other, body)).body, (await post(app, body)).body, JSON.stringify(body));
  const seeded = fake({ seed: 2 });
  t.teardown(() => seeded.close());
  t.not((await post(seeded, {})).body, (await post(app, {})).body, 'another seed, another universe');
  const later = fake({ now: new Date('2026-11-25T00:00:07Z') });
  t.teardown(() => later.close());
  const a = (await post(app, {})).json;
  const b = (await post(later, {})).json;
  t.same(a.data, b.data, 'same period, same data');
  t.not(a['request_id'], b['request_id'], 'another clock, another request id');
  t.equal(b['timestamp'], Math.floor(Date.parse('2026-11-25T00:00:07Z') / 1000));
});
