import type { Filter, SortOrder, TopPotentialData, TopPotentialRequest } from '../generated/types.js';
import type { RequestDefaults } from '../spec/rule-checks.js';
import type { RankedCreator } from './metrics.js';
import { isCompleted, resolvePeriod, type Period } from './periods.js';
import type { Universe } from './universe.js';

/** A validated request with every default applied and its period resolved. */
export interface RankingQuery {
  readonly filter: Filter;
  readonly order: SortOrder;
  readonly page: number;
  readonly pagesize: number;
  readonly period: Period;
}

/** A validated request with the spec's defaults applied and its period resolved against the clock. */
export function toRankingQuery(request: TopPotentialRequest, defaults: RequestDefaults, now: Date): RankingQuery {
  const filter = request.filter ?? {};
  return {
    filter,
    order: request.orderby?.[0]?.order ?? defaults.order,
    page: request.page ?? defaults.page,
    pagesize: request.pagesize ?? defaults.pagesize,
    period: resolvePeriod(filter.date_info, now),
  };
}

/** One predicate per filter member; a filter that is absent lets everything through. */
export function matcher(filter: Filter): (row: RankedCreator) => boolean {
  const tests: ((row: RankedCreator) => boolean)[] = [];
  const { region, creator_category_id: category, ecommerce_type: channel } = filter;
  const { product_category_l1_id: l1, product_category_l2_id: l2, product_category_l3_id: l3 } = filter;
  const { follower_count_range: range, follower_gender_type: gender, follower_age_type: age } = filter;
  if (region !== undefined) tests.push((row) => row.region === region);
  if (category !== undefined) tests.push((row) => row.creatorCategoryId === category);
  if (l1 !== undefined) tests.push((row) => row.l1Ids.has(l1));
  if (l2 !== undefined) tests.push((row) => row.l2Ids.has(l2));
  if (l3 !== undefined) tests.push((row) => row.l3Ids.has(l3));
  if (channel !== undefined) tests.push((row) => row.ecommerceType === channel || row.ecommerceType === 3);
  if (range?.min !== undefined) {
    const min = range.min;
    tests.push((row) => row.followerCount >= min);
  }
  if (range?.max !== undefined) {
    const max = range.max;
    tests.push((row) => row.followerCount <= max);
  }
  if (gender !== undefined) tests.push((row) => row.dominantGender === gender);
  if (age !== undefined) tests.push((row) => row.dominantAge === age);
  return (row) => tests.every((test) => test(row));
}

/**
 * One page of the ranking: the matches of the filter, in the requested order, sliced. `total` counts every
 * match; a page past the end is empty with the same total; a period not yet completed has no data.
 */
export function queryRanking(universe: Universe, query: RankingQuery, now: Date): TopPotentialData {
  const period = query.period;
  const head = { date_type: period.type, date_value: period.value };
  if (!isCompleted(period, now)) return { list: [], total: '0', ...head };
  const rows = universe.ranking(period)[query.order];
  const matches = matcher(query.filter);
  const from = (query.page - 1) * query.pagesize;
  const to = from + query.pagesize;
  const list = [];
  let total = 0;
  for (const row of rows) {
    if (!matches(row)) continue;
    if (total >= from && total < to) list.push(row.item);
    total++;
  }
  return { list, total: String(total), ...head };
}
