import fc from 'fast-check';
import t from 'tap';
import type { Filter } from '../../src/generated/types.js';
import { loadCategories } from '../../src/data/categories.js';
import type { RankedCreator } from '../../src/data/metrics.js';
import { resolvePeriod } from '../../src/data/periods.js';
import { filterRows, matchesFilter, pageOf } from '../../src/data/ranking-pages.js';
import { PAGES_PER_RANKING, rankingSteps, runSteps } from '../../src/data/rankings.js';
import { REGION_PROFILES } from '../../src/data/regions.js';
import { createUniverse, type Universe } from '../../src/data/universe.js';
import { fuzzParameters } from '../helpers/fuzz-settings.js';
import { spec } from '../helpers/spec.js';

const march = resolvePeriod({ type: 'month', value: '2026-03' }, new Date('2026-11-25T00:00:00Z'));
const everyRegion = (universe: Universe) => runSteps(rankingSteps(universe, march, undefined, () => undefined));
const rows = everyRegion(createUniverse(11)).desc;

const enumOf = <T>(name: string): T[] => spec.components.schemas[name]?.enum as T[];
const catalogue = loadCategories();
/** Ids that occur in the universe, and up to three members at a time, so filters often match something. */
const members = fc.record({
  region: fc.constantFrom(...enumOf<NonNullable<Filter['region']>>('Region')),
  creator_category_id: fc.constantFrom(...catalogue.creatorCategories.map((c) => c.id)),
  product_category_l1_id: fc.constantFrom(...catalogue.l3.map((c) => c.l1Id)),
  product_category_l2_id: fc.constantFrom(...catalogue.l3.map((c) => c.l2Id)),
  product_category_l3_id: fc.constantFrom(...catalogue.l3.map((c) => c.id)),
  ecommerce_type: fc.constantFrom(...enumOf<NonNullable<Filter['ecommerce_type']>>('EcommerceType')),
  follower_count_range: fc.record(
    { min: fc.integer({ min: 0, max: 400_000 }), max: fc.integer({ min: 0, max: 20_000_000 }) },
    { requiredKeys: [] },
  ),
  follower_gender_type: fc.constantFrom(...enumOf<NonNullable<Filter['follower_gender_type']>>('FollowerGenderType')),
  follower_age_type: fc.constantFrom(...enumOf<NonNullable<Filter['follower_age_type']>>('FollowerAgeType')),
});
const filterArbitrary: fc.Arbitrary<Filter> = members.chain((all) =>
  fc
    .shuffledSubarray(Object.keys(all), { maxLength: 3 })
    .map((keys) => Object.fromEntries(keys.map((key) => [key, all[key as keyof typeof all]])) as Filter),
);

t.test('a page holds the matches at its positions, in ranking order, and the total counts every match', async (t) => {
  let nonEmpty = 0;
  fc.assert(
    fc.property(filterArbitrary, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 100 }), (filter, from, size) => {
      const matches = rows.filter((row) => matchesFilter(filter, row));
      const { list, total } = filterRows(rows, filter, from, from + size);
      if (total > 0) nonEmpty++;
      return (
        total === matches.length &&
        list.length === matches.slice(from, from + size).length &&
        list.every((item, i) => item === matches[from + i]?.item)
      );
    }),
    fuzzParameters(300),
  );
  t.ok(nonEmpty > 100, `many of the filters match something (${nonEmpty} of 300), so the paging is exercised`);
});

t.test('a creator selling on both channels matches either channel; one split exactly in half matches no gender', async (t) => {
  const [row] = rows;
  if (!row) throw new Error('the ranking is empty');
  const both = { ...row, ecommerceType: 3 } as RankedCreator;
  t.ok(matchesFilter({ ecommerce_type: 1 }, both) && matchesFilter({ ecommerce_type: 2 }, both));
  t.notOk(matchesFilter({ ecommerce_type: 2 }, { ...row, ecommerceType: 1 }));
  const even = { ...row, dominantGender: undefined } as RankedCreator;
  t.notOk(matchesFilter({ follower_gender_type: 0 }, even) || matchesFilter({ follower_gender_type: 1 }, even));
  t.ok(matchesFilter({}, even), 'and is still listed without a gender filter');
});

t.test('a region with no creators in the universe matches nothing', async (t) => {
  const small = createUniverse(3, catalogue, { ...REGION_PROFILES, SG: { creators: 0, usdRate: 1.34 } });
  const ranked = everyRegion(small).desc;
  t.same(filterRows(ranked, { region: 'SG' }, 0, 10), { list: [], total: 0 });
  t.ok(filterRows(ranked, { region: 'US' }, 0, 10).total > 0, 'other regions still match');
});

t.test('pages are remembered per ranking, the oldest forgotten first', async (t) => {
  const first = pageOf(rows, { region: 'US' }, 0, 10);
  t.ok(Object.isFrozen(first) && Object.isFrozen(first.list), 'a shared page cannot be changed');
  t.equal(pageOf(rows, { region: 'US' }, 0, 10), first, 'the same query gets the same page object');
  for (let from = 1; from <= PAGES_PER_RANKING - 1; from++) pageOf(rows, { region: 'US' }, from, from + 10);
  t.equal(pageOf(rows, { region: 'US' }, 0, 10), first, `kept among ${PAGES_PER_RANKING} pages`);
  for (let from = 1; from <= PAGES_PER_RANKING; from++) pageOf(rows, { region: 'US' }, 100 + from, 110 + from);
  const again = pageOf(rows, { region: 'US' }, 0, 10);
  t.not(again, first, `after ${PAGES_PER_RANKING} other pages the first was forgotten and is made anew`);
  t.same(again, first, 'with the same content');
});
