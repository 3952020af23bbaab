import t from 'tap';
import { loadCategories } from '../../src/data/categories.js';
import { rankingSize } from '../../src/data/rankings.js';
import { createDataStore, rankingKey } from '../../src/data/data-store.js';
import { DATA_MODES, OPTIONAL_MODES, PLAIN_MODES, type DataModes } from '../../src/data/data-modes.js';
import { EDGE_LONGEST_TEXT, edgeRow } from '../../src/data/edge-values.js';
import { optionalValues, withOptionalFields } from '../../src/data/optional-fields.js';
import { resolvePeriod } from '../../src/data/periods.js';
import { createUniverse } from '../../src/data/universe.js';
import { describeSpec } from '../../src/openapi/describe.js';
import { itemFacts, type ItemFacts } from '../../src/openapi/item-facts.js';
import { api, spec } from '../helpers/spec.js';

const catalogue = loadCategories();
const NOW = new Date('2026-11-25T00:00:00Z');
const march = resolvePeriod({ type: 'month', value: '2026-03' }, NOW);
const facts = itemFacts(api);
const universe = createUniverse(5, catalogue);
const rows = [...universe.rowsOf(march, 'US'), ...universe.rowsOf(march, 'ID')];
const codePoints = (text: string): number => [...text].length;

t.test("the optional fields are the spec's item properties that are not required, and each has a value", async (t) => {
  const item = spec.components.schemas['TopPotentialItem'] as { required: string[]; properties: Record<string, unknown> };
  const written = Object.keys(item.properties).filter((name) => !item.required.includes(name));
  t.same(facts.optionalFields, written, 'read from the document as written');
  t.ok(written.length > 0);
  t.same(
    Object.keys(optionalValues(5, march, (rows[0] as (typeof rows)[number]).item)).sort(),
    [...written].sort(),
    'a value for each, no other',
  );
  const noList = structuredClone(spec);
  (noList.components.schemas as Record<string, unknown>)['TopPotentialData'] = {
    type: 'object',
    properties: { total: { type: 'string' } },
  };
  t.same(itemFacts(describeSpec(noList)).optionalFields, [], 'a spec whose answer has no item list has no optional item fields');
  t.same(itemFacts(describeSpec(noList)).bounds(['creator', 'nickname']), {}, '... and states no bounds');
  t.same(facts.bounds(['potential_index']), { minimum: 0, maximum: 100 }, 'bounds as the spec states them');
  t.same(facts.bounds(['creator', 'unique_id']), { minLength: 1 }, 'through $refs');
});

t.test('optional values agree with the item: amounts split by the same share, counts whole, within the totals', async (t) => {
  let checked = 0;
  for (const { item, region } of rows) {
    const v = optionalValues(5, march, item);
    const close = (a: number, b: number): boolean => Math.abs(a - b) < 0.011;
    const ok =
      v.follower_count === item.creator.follower_count &&
      v.creator_gmv === item.gmv &&
      v.creator_usd_gmv === item.usd_gmv &&
      v.video_usd_gmv <= v.creator_usd_gmv &&
      v.live_usd_gmv <= v.creator_usd_gmv &&
      v.video_gmv <= v.creator_gmv &&
      v.live_gmv <= v.creator_gmv &&
      close(v.video_usd_gmv + v.live_usd_gmv, v.creator_usd_gmv) &&
      close(v.video_gmv + v.live_gmv, v.creator_gmv) &&
      [v.video_gmv, v.live_gmv, v.video_usd_gmv, v.live_usd_gmv].every((n) => n >= 0) &&
      [v.product_count, v.live_count].every((n) => Number.isInteger(n) && n >= 0) &&
      v.product_count <= item.units_sold &&
      (item.video_units_sold === 0 ? v.video_usd_gmv === 0 : true) &&
      (item.live_units_sold === 0 && item.ecommerce_type === 1 ? v.live_count === 0 && v.live_usd_gmv === 0 : true) &&
      (region === 'US' ? v.video_gmv === v.video_usd_gmv && v.live_gmv === v.live_usd_gmv : true);
    if (!ok) t.fail(`incoherent optional values for ${item.uid}: ${JSON.stringify({ item, v })}`);
    checked++;
  }
  t.ok(checked > 500, `${checked} rows checked`);
  const idle = { ...(rows[0] as (typeof rows)[number]).item, units_sold: 0, live_units_sold: 0, video_units_sold: 0, gmv: 0, usd_gmv: 0 };
  const none = optionalValues(5, march, idle);
  t.same([none.product_count, none.live_count, none.video_gmv, none.live_usd_gmv], [0, 0, 0, 0], 'nothing sold: every count and amount 0');
});

t.test('withOptionalFields: none, all, a seeded mix; unknown fields are left out', async (t) => {
  const { item } = rows[0] as (typeof rows)[number];
  t.equal(withOptionalFields(5, march, item, facts.optionalFields, 'none'), item, 'none: the same item');
  t.equal(withOptionalFields(5, march, item, [], 'all'), item, 'no optional fields in the spec: the same item');
  const all = withOptionalFields(5, march, item, facts.optionalFields, 'all');
  t.same(Object.keys(all).slice(-facts.optionalFields.length), facts.optionalFields, "all, after the required ones, in the spec's order");
  t.same(
    Object.keys(withOptionalFields(5, march, item, ['shop_level'], 'all')),
    Object.keys(item),
    'a field the kit has no value for is left out',
  );
  const mixed = rows.slice(0, 100).map((row) => withOptionalFields(5, march, row.item, facts.optionalFields, 'mixed'));
  for (const field of facts.optionalFields) {
    const present = mixed.filter((each) => Object.hasOwn(each, field)).length;
    t.ok(present > 20 && present < 80, `${field} on ${present} of 100 items`);
  }
  t.same(
    rows.slice(0, 100).map((row) => withOptionalFields(5, march, row.item, facts.optionalFields, 'mixed')),
    mixed,
    'the same mix again',
  );
  t.not(
    JSON.stringify(rows.slice(0, 100).map((row) => withOptionalFields(6, march, row.item, facts.optionalFields, 'mixed'))),
    JSON.stringify(mixed),
    'another seed, another mix',
  );
});

/** Facts of a stricter spec: texts of 2 to 8 characters, lists of at least one entry; and of a spec stating nothing. */
const strict: ItemFacts = { optionalFields: [], bounds: () => ({ minLength: 2, maxLength: 8, minItems: 1 }) };
const silent: ItemFacts = { optionalFields: [], bounds: () => ({}) };

t.test('edge rows: extremes the spec allows, filter fields following the item', async (t) => {
  const edged = rows.map((row) => edgeRow(5, march, row, facts));
  const items = edged.map((row) => row.item);
  const nicknames = items.map((item) => item.creator.nickname);
  t.ok(items.some((item) => item.potential_index === 0) && items.some((item) => item.potential_index === 100), 'potential index 0 and 100');
  t.ok(
    items.every((item) => [0, 25, 50, 75, 100].includes(item.potential_index)),
    'potential index on a coarse grid: ties',
  );
  t.ok(
    items.some((item) => item.units_sold === 0 && item.gmv === 0 && item.usd_gmv === 0 && item.video_count === 0),
    'nothing sold',
  );
  t.ok(
    items.some((item) => item.sales_category_l3.length === 0),
    'no categories',
  );
  t.ok(
    items.some((item) => item.creator.follower_count === 0),
    '0 followers',
  );
  t.ok(
    items.some((item) => item.creator.follower_genders.length === 0) && items.some((item) => item.creator.follower_ages.length === 0),
    'empty audience lists',
  );
  t.ok(nicknames.includes(''), 'the shortest nickname the spec allows');
  t.ok(
    nicknames.some((name) => codePoints(name) === EDGE_LONGEST_TEXT),
    'the longest the fake sends where the spec states no maximum',
  );
  t.ok(
    nicknames.some((name) => /[\u0590-\u08ff]/.test(name)),
    'right-to-left script',
  );
  t.ok(
    nicknames.some((name) => /\p{Extended_Pictographic}/u.test(name)),
    'emoji',
  );
  t.ok(
    nicknames.some((name) => /\p{M}/u.test(name)),
    'combining marks',
  );
  for (const row of edged) {
    const genders = row.item.creator.follower_genders;
    if (row.followerCount !== row.item.creator.follower_count) t.fail('followerCount follows the item');
    if (genders.length === 0 && row.dominantGender !== undefined) t.fail('no genders shown: matches no gender filter');
    if (row.item.sales_category_l3.length === 0 && row.categories.length !== 0) t.fail('no categories shown: matches no category filter');
    if (row.item.units_sold !== row.item.live_units_sold + row.item.video_units_sold) t.fail('units add up');
  }
  t.same(
    rows.map((row) => edgeRow(5, march, row, facts)),
    edged,
    'the same rows again',
  );

  const strictRows = rows.map((row) => edgeRow(5, march, row, strict).item);
  t.ok(
    strictRows.every(
      (item) => item.sales_category_l3.length > 0 && item.creator.follower_genders.length > 0 && item.creator.follower_ages.length > 0,
    ),
    'no empty list where the spec asks for one entry',
  );
  const strictNames = strictRows.map((item) => codePoints(item.creator.nickname));
  t.ok(strictNames.includes(2) && strictNames.includes(8), 'names of the shortest and longest stated lengths');
  t.ok(
    strictRows.some((item) => item.creator.unique_id === 'xx'),
    'the shortest handle',
  );
  const silentRows = rows.map((row) => edgeRow(5, march, row, silent).item);
  t.ok(
    silentRows.some((item) => item.potential_index === 100) && silentRows.some((item) => item.potential_index === 0),
    'without stated bounds: 0 to 100',
  );
  t.ok(silentRows.some((item) => codePoints(item.creator.nickname) === EDGE_LONGEST_TEXT));
});

t.test('the data store keeps a ranking per modes, keyed apart; the kit spec’s facts by default', async (t) => {
  const store = createDataStore({
    homeSeed: 5,
    universes: 1,
    rankingRows: 100_000,
    richRowWeight: 1.5,
    catalogue,
  });
  // A ranking is kept from its second build on.
  const twice = (modes?: DataModes, region: 'SG' | 'every' = 'SG') => {
    const where = region === 'SG' ? region : undefined;
    store.ranking(5, march, where, modes);
    return store.ranking(5, march, where, modes);
  };
  const keys = new Set<string>();
  for (const optional of OPTIONAL_MODES) for (const data of DATA_MODES) keys.add(rankingKey(5, march, 'SG', { optional, data }));
  t.equal(keys.size, OPTIONAL_MODES.length * DATA_MODES.length, 'each of the modes a key of its own');
  t.equal(rankingKey(5, march, 'SG'), rankingKey(5, march, 'SG', PLAIN_MODES), 'no modes: the rows as made');
  const plain = twice();
  const edge: DataModes = { optional: 'all', data: 'edge' };
  const shown = twice(edge);
  t.not(shown, plain);
  t.equal(store.cached(5, march, 'SG', edge), shown, 'kept under its modes');
  t.equal(store.cached(5, march, 'SG'), plain, 'and the plain one under its own');
  t.same(shown.desc.map((row) => row.item.uid).sort(), plain.desc.map((row) => row.item.uid).sort(), 'the same creators');
  t.ok(
    shown.desc.every((row) => facts.optionalFields.every((field) => Object.hasOwn(row.item, field))),
    'all optional fields',
  );
  const every = twice(edge, 'every');
  t.same(
    every.desc.filter((row) => row.region === 'SG').map((row) => row.item),
    shown.desc.map((row) => row.item),
    "a region's ranking in the modes is the every-region one's rows of that region",
  );
  t.equal(store.usage().rankings.entries, 3);
  t.equal(
    store.usage().rankings.size,
    rankingSize(plain) + Math.ceil(1.5 * rankingSize(shown)) + Math.ceil(1.5 * rankingSize(every)),
    'a rich ranking (every optional field, or edge data) counts its rows at their weight',
  );
});
