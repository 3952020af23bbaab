import type { Filter, TopPotentialItem } from '../generated/types.js';
import { LRUCache } from 'lru-cache';
import type { RankedCreator } from './metrics.js';
import { PAGES_PER_RANKING } from './rankings.js';

/**
 * Whether a row matches every member of a filter. Ecommerce type 3 (both) matches either channel filter; a gender
 * filter never matches a creator whose followers are split exactly in half.
 */
export function matchesFilter(filter: Filter, row: RankedCreator): boolean {
  const range = filter.follower_count_range;
  return (
    (filter.region === undefined || row.region === filter.region) &&
    (filter.creator_category_id === undefined || row.creatorCategoryId === filter.creator_category_id) &&
    (filter.ecommerce_type === undefined || row.ecommerceType === filter.ecommerce_type || row.ecommerceType === 3) &&
    (range?.min === undefined || row.followerCount >= range.min) &&
    (range?.max === undefined || row.followerCount <= range.max) &&
    (filter.follower_gender_type === undefined || row.dominantGender === filter.follower_gender_type) &&
    (filter.follower_age_type === undefined || row.dominantAge === filter.follower_age_type) &&
    (filter.product_category_l1_id === undefined || row.categories.some((category) => category.l1Id === filter.product_category_l1_id)) &&
    (filter.product_category_l2_id === undefined || row.categories.some((category) => category.l2Id === filter.product_category_l2_id)) &&
    (filter.product_category_l3_id === undefined || row.categories.some((category) => category.id === filter.product_category_l3_id))
  );
}

/** The rows of a sorted ranking that match a filter: their number, and the items of those at match positions [from, to). */
export function filterRows(
  rows: readonly RankedCreator[],
  filter: Filter,
  from: number,
  to: number,
): { list: TopPotentialItem[]; total: number } {
  const list: TopPotentialItem[] = [];
  let total = 0;
  for (const row of rows) {
    if (!matchesFilter(filter, row)) continue;
    if (total >= from && total < to) list.push(row.item);
    total++;
  }
  return { list, total };
}

/** One page of a ranking's matches: its items (frozen, shared by every request for the page) and the match count. */
export interface RankingPage {
  readonly list: readonly TopPotentialItem[];
  readonly total: number;
}

/** Pages remembered per sorted ranking (their bytes are counted in the ranking's size); the least recently used go first. */
const pagesCache = new WeakMap<readonly RankedCreator[], LRUCache<string, RankingPage>>();

/**
 * filterRows, remembered per sorted ranking: the same query gets the same frozen page object back, so repeated
 * requests (the common case in a test suite) skip the scan, and the serializer keeps the page's bytes keyed by its list.
 */
export function pageOf(rows: readonly RankedCreator[], filter: Filter, from: number, to: number): RankingPage {
  // The whole filter, not a hand-picked list of its members: a member the spec adds later cannot be left out of the key.
  const key = `${from}|${to}|${JSON.stringify(filter)}`;
  let pages = pagesCache.get(rows);
  if (pages === undefined) {
    pages = new LRUCache({ max: PAGES_PER_RANKING });
    pagesCache.set(rows, pages);
  }
  let page = pages.get(key);
  if (page === undefined) {
    const { list, total } = filterRows(rows, filter, from, to);
    page = Object.freeze({ list: Object.freeze(list), total });
    pages.set(key, page);
  }
  return page;
}
