import fc from 'fast-check';
import { isoWeeksInYear } from '../../src/calendar.js';
import { spec } from './spec.js';

const enumOf = <T>(name: string): T[] => spec.components.schemas[name]?.enum as T[];
const pad = (n: number): string => String(n).padStart(2, '0');

const dateInfo = fc.oneof(
  fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => ({
    type: 'day',
    value: d.toISOString().slice(0, 10),
  })),
  fc
    .integer({ min: 2024, max: 2027 })
    .chain((year) => fc.tuple(fc.constant(year), fc.integer({ min: 1, max: isoWeeksInYear(year) }), fc.boolean()))
    .map(([year, week, withW]) => ({ type: 'week', value: `${year}-${withW ? 'W' : ''}${pad(week)}` })),
  fc
    .tuple(fc.integer({ min: 2024, max: 2027 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => ({ type: 'month', value: `${y}-${pad(m)}` })),
);

const categoryId = fc.oneof(fc.constantFrom(2, 7, 14, 24, 601450, 601554, 700650, 4), fc.integer({ min: 1, max: 2_000_000_000 }));

const followerRange = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 20_000_000 }), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: 20_000_000 }), { nil: undefined }),
  )
  .map(([a, b]) => {
    const range: { min?: number; max?: number } = {};
    if (a !== undefined && b !== undefined) {
      range.min = Math.min(a, b);
      range.max = Math.max(a, b);
    } else if (a !== undefined) range.min = a;
    else if (b !== undefined) range.max = b;
    return range;
  });

const filter = fc.record(
  {
    region: fc.constantFrom(...enumOf<string>('Region')),
    creator_category_id: categoryId,
    product_category_l1_id: categoryId,
    product_category_l2_id: categoryId,
    product_category_l3_id: categoryId,
    ecommerce_type: fc.constantFrom(...enumOf<number>('EcommerceType')),
    follower_count_range: followerRange,
    follower_age_type: fc.constantFrom(...enumOf<number>('FollowerAgeType')),
    follower_gender_type: fc.constantFrom(...enumOf<number>('FollowerGenderType')),
    date_info: dateInfo,
  },
  { requiredKeys: [] },
);

const orderby = fc.array(
  fc.record(
    { field: fc.constantFrom(...enumOf<string>('OrderByField')), order: fc.constantFrom(...enumOf<string>('SortOrder')) },
    { requiredKeys: ['field'] },
  ),
  { maxLength: 1 },
);

/** Requests the spec accepts: every member optional, every bound and x-rule respected. */
export const validRequest = fc
  .record({ filter, orderby, page: fc.integer({ min: 1, max: 1000 }), pagesize: fc.integer({ min: 1, max: 100 }) }, { requiredKeys: [] })
  .map((request) => {
    const window = Math.floor(1000 / (request.pagesize ?? 10));
    return request.page !== undefined && request.page > window ? { ...request, page: 1 + (request.page % window) } : request;
  });

/** A value of the wrong kind for whatever was there, or one past its bounds. */
export const badValue = fc.oneof(
  fc.constant('1'),
  fc.constant(''),
  fc.constant(-1),
  fc.constant(1.5),
  fc.constant(1e308),
  fc.constant('NaN'),
  fc.constant(null),
  fc.constant(true),
  fc.constant([[]]),
  fc.constant({ nested: { deeper: [1] } }),
  fc.constant('🦄\u0000'),
  fc.constant(0),
  fc.constant(101),
  fc.constant(-0.0001),
);
