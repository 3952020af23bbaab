import type { Filter, TopPotentialItem } from '../generated/types.js';
import { LRUCache } from 'lru-cache';
import type { ProductCategoryL3 } from './categories.js';
import type { RankedCreator } from './metrics.js';
import { PAGES_PER_RANKING } from './rankings.js';

/**
 * A sorted ranking's filterable fields laid out in typed arrays, one entry per row in ranking order, so a query
 * scans a few small contiguous arrays instead of visiting every row object scattered over the heap (on a busy server
 * those visits are cache misses, and they were most of a query's cost).
 */
export interface RankingColumns {
  readonly rows: readonly RankedCreator[];
  readonly category: Int32Array;
  readonly channel: Uint8Array;
  readonly followers: Float64Array;
  /** 0 female, 1 male, -1 neither dominates. */
  readonly gender: Int8Array;
  readonly age: Uint8Array;
  /** Row p's L1 ids are l1[l1Start[p]] to l1[l1Start[p + 1] - 1]; the same for L2 and L3. */
  readonly l1: Int32Array;
  readonly l1Start: Uint32Array;
  readonly l2: Int32Array;
  readonly l2Start: Uint32Array;
  readonly l3: Int32Array;
  readonly l3Start: Uint32Array;
  /** Positions of every row, and of each region's rows, in ranking order. */
  readonly all: Uint32Array;
  readonly byRegion: ReadonlyMap<string, Uint32Array>;
}

/** Catalogue ids in 32-bit columns; an id that does not fit is a catalogue error, said so rather than stored wrong. */
function int32(id: number): number {
  if (!Number.isInteger(id) || id < -(2 ** 31) || id >= 2 ** 31) throw new Error(`Category id ${id} does not fit a 32-bit column.`);
  return id;
}

function flatten(rows: readonly RankedCreator[], id: (category: ProductCategoryL3) => number): [Int32Array, Uint32Array] {
  const start = new Uint32Array(rows.length + 1);
  let size = 0;
  rows.forEach((row, p) => {
    start[p] = size;
    size += row.categories.length;
  });
  start[rows.length] = size;
  const values = new Int32Array(size);
  rows.forEach((row, p) => {
    let at = start[p] as number;
    for (const category of row.categories) values[at++] = int32(id(category));
  });
  return [values, start];
}

function buildColumns(rows: readonly RankedCreator[]): RankingColumns {
  const n = rows.length;
  const category = new Int32Array(n);
  const channel = new Uint8Array(n);
  const followers = new Float64Array(n);
  const gender = new Int8Array(n);
  const age = new Uint8Array(n);
  const regions = new Map<string, number[]>();
  rows.forEach((row, p) => {
    category[p] = int32(row.creatorCategoryId);
    channel[p] = row.ecommerceType;
    followers[p] = row.followerCount;
    gender[p] = row.dominantGender ?? -1;
    age[p] = row.dominantAge;
    const list = regions.get(row.region);
    if (list) list.push(p);
    else regions.set(row.region, [p]);
  });
  const [l1, l1Start] = flatten(rows, (category) => category.l1Id);
  const [l2, l2Start] = flatten(rows, (category) => category.l2Id);
  const [l3, l3Start] = flatten(rows, (category) => category.id);
  const all = new Uint32Array(n);
  for (let p = 0; p < n; p++) all[p] = p;
  const byRegion = new Map([...regions].map(([region, positions]) => [region, Uint32Array.from(positions)]));
  return { rows, category, channel, followers, gender, age, l1, l1Start, l2, l2Start, l3, l3Start, all, byRegion };
}

const columnsCache = new WeakMap<readonly RankedCreator[], RankingColumns>();

/** The columns of a sorted ranking, made on first use and dropped with the ranking. */
export function columnsOf(rows: readonly RankedCreator[]): RankingColumns {
  let columns = columnsCache.get(rows);
  if (columns === undefined) {
    columns = buildColumns(rows);
    columnsCache.set(rows, columns);
  }
  return columns;
}

const NONE = new Uint32Array(0);

/** One page of a ranking's matches: its items (frozen, shared by every request for the page) and the match count. */
export interface RankingPage {
  readonly list: readonly TopPotentialItem[];
  readonly total: number;
}

/** Pages remembered per sorted ranking (their bytes are counted in the ranking's size); the least recently used go first. */
const pagesCache = new WeakMap<RankingColumns, LRUCache<string, RankingPage>>();

/**
 * scanColumns, remembered per ranking: the same query gets the same frozen page object back, so repeated requests
 * (the common case in a test suite) skip the scan, and a serializer can keep the page's bytes keyed by its list.
 */
export function pageOf(columns: RankingColumns, filter: Filter, from: number, to: number): RankingPage {
  // The whole filter, not a hand-picked list of its members: a member the spec adds later cannot be left out of the key.
  const key = `${from}|${to}|${JSON.stringify(filter)}`;
  let pages = pagesCache.get(columns);
  if (pages === undefined) {
    pages = new LRUCache({ max: PAGES_PER_RANKING });
    pagesCache.set(columns, pages);
  }
  let page = pages.get(key);
  if (page === undefined) {
    const { list, total } = scanColumns(columns, filter, from, to);
    page = Object.freeze({ list: Object.freeze(list), total });
    pages.set(key, page);
  }
  return page;
}

function contains(values: Int32Array, start: Uint32Array, p: number, id: number): boolean {
  const end = start[p + 1] as number;
  for (let i = start[p] as number; i < end; i++) if (values[i] === id) return true;
  return false;
}

/**
 * The rows that match a filter, in ranking order: their number, and the items of those at match positions
 * [from, to). Ecommerce type 3 (both) matches either channel filter; a gender filter never matches a creator whose
 * followers are split exactly in half. test/data/ranking-columns.test.ts checks this against a plain row-by-row filter.
 */
export function scanColumns(columns: RankingColumns, filter: Filter, from: number, to: number): { list: TopPotentialItem[]; total: number } {
  const positions = filter.region === undefined ? columns.all : (columns.byRegion.get(filter.region) ?? NONE);
  const { creator_category_id: category, ecommerce_type: channel, follower_gender_type: gender, follower_age_type: age } = filter;
  const { product_category_l1_id: l1, product_category_l2_id: l2, product_category_l3_id: l3 } = filter;
  const min = filter.follower_count_range?.min;
  const max = filter.follower_count_range?.max;
  const list: TopPotentialItem[] = [];
  const unfiltered = category === undefined && channel === undefined && min === undefined && max === undefined &&
    gender === undefined && age === undefined && l1 === undefined && l2 === undefined && l3 === undefined;
  if (unfiltered) {
    const end = Math.min(to, positions.length);
    for (let k = from; k < end; k++) list.push((columns.rows[positions[k] as number] as RankedCreator).item);
    return { list, total: positions.length };
  }
  let total = 0;
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k] as number;
    if (category !== undefined && columns.category[p] !== category) continue;
    if (channel !== undefined && columns.channel[p] !== channel && columns.channel[p] !== 3) continue;
    if (min !== undefined && (columns.followers[p] as number) < min) continue;
    if (max !== undefined && (columns.followers[p] as number) > max) continue;
    if (gender !== undefined && columns.gender[p] !== gender) continue;
    if (age !== undefined && columns.age[p] !== age) continue;
    if (l1 !== undefined && !contains(columns.l1, columns.l1Start, p, l1)) continue;
    if (l2 !== undefined && !contains(columns.l2, columns.l2Start, p, l2)) continue;
    if (l3 !== undefined && !contains(columns.l3, columns.l3Start, p, l3)) continue;
    if (total >= from && total < to) list.push((columns.rows[p] as RankedCreator).item);
    total++;
  }
  return { list, total };
}
