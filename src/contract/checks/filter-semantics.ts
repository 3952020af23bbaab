import { showValue } from '../../openapi/describe-ajv-error.js';
import type { Schema } from '../../openapi/describe.js';
import { dig } from '../json-value.js';
import type { SpecFacts } from '../spec-facts.js';

/** What a filter's values are chosen from: the baseline page (the default query's items) and the spec. */
export interface FilterContext {
  readonly facts: SpecFacts;
  /** Items of the baseline answer; empty when it had none. */
  readonly baselineItems: readonly unknown[];
  /** date_type and date_value of the baseline answer, when it had them. */
  readonly baselinePeriod?: { readonly type: string; readonly value: string };
}

/** The meaning of one filter, judged on what the endpoint returns. */
export interface FilterSemantics {
  /** Values worth requesting, most telling first; empty when the filter cannot be judged from a response. */
  values(context: FilterContext): readonly unknown[];
  /** Whether the item honours the filter; undefined when the item does not say. */
  judgeItem?(item: unknown, value: unknown): boolean | undefined;
  /** Whether the answer's data as a whole honours it; undefined when it does not say. */
  judgeData?(data: unknown, value: unknown): boolean | undefined;
  /** What the spec says a match looks like, for the finding. */
  expected(value: unknown): string;
  /** What the item (or data) shows instead. */
  shows(itemOrData: unknown): string;
  /** Why the filter cannot be judged, when values() is empty. */
  readonly unjudgeable?: string;
}

const filterSchema = (facts: SpecFacts, name: string): Schema =>
  facts.resolveSchema(dig(facts.resolveSchema(dig(facts.requestSchema, 'properties', 'filter')), 'properties', name));

const enumValues = (facts: SpecFacts, name: string): readonly unknown[] => (filterSchema(facts, name)['enum'] ?? []) as unknown[];

/** The value most items of the baseline have, ties to the first seen; none when no item has one. */
function mostCommon(items: readonly unknown[], read: (item: unknown) => readonly unknown[]): unknown[] {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const item of items) {
    for (const value of read(item)) {
      if (value === undefined) continue;
      const key = JSON.stringify(value);
      const entry = counts.get(key) ?? { value, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.count - a.count)[0];
  return best === undefined ? [] : [best.value];
}

const exampleValues = (facts: SpecFacts, name: string): unknown[] =>
  facts.requestExamples.map((example) => dig(example, 'filter', name)).filter((value) => value !== undefined);

/** A share of a `{key, value}` list in millionths (the spec's shares have at most 6 decimals), so sums are exact. */
const share = (list: unknown, key: string): number | undefined => {
  if (!Array.isArray(list)) return undefined;
  const entry: unknown = list.find((candidate) => dig(candidate, 'key') === key);
  const value = Number(dig(entry, 'value'));
  return Number.isNaN(value) ? undefined : Math.round(value * 1_000_000);
};
const HALF = 500_000;

/** Follower age codes and the brackets they cover (spec: 1 18-24, 2 25-34, 3 35+). */
const AGE_BRACKETS: Readonly<Record<number, readonly string[]>> = { 1: ['18-24'], 2: ['25-34'], 3: ['35-44', '45-54', '55+'] };
/** Follower gender codes (spec: 0 female, 1 male). */
const GENDER_KEYS: Readonly<Record<number, string>> = { 0: 'female', 1: 'male' };
/** Item ecommerce_type 3 means "both" (spec decision), so it matches either request value. */
const BOTH_CHANNELS = 3;

const categoryId = (item: unknown): unknown => dig(item, 'creator', 'category', 'id');
const l3Ids = (item: unknown): unknown[] => {
  const list = dig(item, 'sales_category_l3');
  return Array.isArray(list) ? list.map((entry) => dig(entry, 'id')) : [];
};
const followers = (item: unknown): unknown => dig(item, 'creator', 'follower_count');

const ageShares = (item: unknown): Record<number, number> | undefined => {
  const ages = dig(item, 'creator', 'follower_ages');
  const out: Record<number, number> = {};
  for (const [code, keys] of Object.entries(AGE_BRACKETS)) {
    const parts = keys.map((key) => share(ages, key) ?? 0);
    out[Number(code)] = parts.reduce((a, b) => a + b, 0);
  }
  return Array.isArray(ages) && ages.length > 0 ? out : undefined;
};

const notFromResponse = (level: string): FilterSemantics => ({
  values: () => [],
  expected: (value) => `items in product category ${level} ${showValue(value)}`,
  shows: () => 'nothing to judge',
  unjudgeable: `items carry only level-3 product categories, so a level-${level.slice(1)} filter cannot be judged from a response alone`,
});

/**
 * The meaning of every filter of the spec's Filter schema, keyed by its name; a test keeps the keys equal to the
 * schema's properties. These definitions come from the fake's issue, which fixed what each filter means.
 */
export const FILTER_SEMANTICS: Readonly<Record<string, FilterSemantics>> = {
  region: {
    values: ({ facts, baselineItems }) =>
      [...mostCommon(baselineItems, (item) => [dig(item, 'creator', 'region')]), enumValues(facts, 'region')[0]].slice(0, 1),
    judgeItem: (item, value) => dig(item, 'creator', 'region') === value,
    expected: (value) => `creator.region ${showValue(value)}`,
    shows: (item) => `creator.region ${showValue(dig(item, 'creator', 'region'))}`,
  },
  creator_category_id: {
    values: ({ facts, baselineItems }) =>
      [...mostCommon(baselineItems, (item) => [categoryId(item)]), ...exampleValues(facts, 'creator_category_id')].slice(0, 1),
    judgeItem: (item, value) => categoryId(item) === value,
    expected: (value) => `creator.category.id ${showValue(value)}`,
    shows: (item) => `creator.category.id ${showValue(categoryId(item))}`,
  },
  product_category_l1_id: notFromResponse('L1'),
  product_category_l2_id: notFromResponse('L2'),
  product_category_l3_id: {
    values: ({ baselineItems }) => mostCommon(baselineItems, l3Ids),
    judgeItem: (item, value) => l3Ids(item).includes(value),
    expected: (value) => `a sales_category_l3 entry with id ${showValue(value)}`,
    shows: (item) => `sales_category_l3 ids ${showValue(l3Ids(item))}`,
  },
  ecommerce_type: {
    values: ({ facts }) => enumValues(facts, 'ecommerce_type'),
    judgeItem: (item, value) => {
      const type = dig(item, 'ecommerce_type');
      return type === value || type === BOTH_CHANNELS;
    },
    expected: (value) => `ecommerce_type ${showValue(value)} or ${BOTH_CHANNELS} (both)`,
    shows: (item) => `ecommerce_type ${showValue(dig(item, 'ecommerce_type'))}`,
  },
  follower_count_range: {
    values: ({ facts, baselineItems }) => {
      const counts = baselineItems
        .map(followers)
        .filter((n): n is number => typeof n === 'number')
        .sort((a, b) => a - b);
      // The middle half of the baseline's follower counts: bounds that exist, so the answer cannot be empty.
      const min = counts[Math.floor(counts.length / 4)];
      const max = counts[Math.floor((counts.length * 3) / 4)];
      return min === undefined || max === undefined ? exampleValues(facts, 'follower_count_range').slice(0, 1) : [{ min, max }];
    },
    judgeItem: (item, value) => {
      const count = followers(item);
      if (typeof count !== 'number') return undefined;
      const { min, max } = value as { min?: number; max?: number };
      return (min === undefined || count >= min) && (max === undefined || count <= max);
    },
    expected: (value) => `creator.follower_count within ${showValue(value)} (inclusive)`,
    shows: (item) => `creator.follower_count ${showValue(followers(item))}`,
  },
  follower_age_type: {
    values: ({ facts }) => enumValues(facts, 'follower_age_type'),
    judgeItem: (item, value) => {
      const shares = ageShares(item);
      if (shares === undefined) return undefined;
      const own = shares[value as number] ?? 0;
      return Object.values(shares).every((other) => own >= other);
    },
    expected: (value) =>
      `the ${AGE_BRACKETS[value as number]?.join(' + ')} share of creator.follower_ages at least as large as each other bracket's`,
    shows: (item) => `creator.follower_ages ${showValue(dig(item, 'creator', 'follower_ages'))}`,
  },
  follower_gender_type: {
    values: ({ facts }) => enumValues(facts, 'follower_gender_type'),
    judgeItem: (item, value) => {
      const own = share(dig(item, 'creator', 'follower_genders'), GENDER_KEYS[value as number] ?? '');
      return own === undefined ? undefined : own > HALF;
    },
    expected: (value) => `creator.follower_genders ${GENDER_KEYS[value as number]} share above 0.5`,
    shows: (item) => `creator.follower_genders ${showValue(dig(item, 'creator', 'follower_genders'))}`,
  },
  date_info: {
    values: ({ facts, baselinePeriod }) =>
      [...(baselinePeriod === undefined ? [] : [baselinePeriod]), ...exampleValues(facts, 'date_info')].slice(0, 1),
    judgeData: (data, value) => {
      const { type, value: period } = value as { type: unknown; value: unknown };
      return dig(data, 'date_type') === type && dig(data, 'date_value') === period;
    },
    expected: (value) => `data.date_type and data.date_value echoing ${showValue(value)}`,
    shows: (data) => `data.date_type ${showValue(dig(data, 'date_type'))}, data.date_value ${showValue(dig(data, 'date_value'))}`,
  },
};
