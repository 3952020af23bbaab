import { LRUCache } from 'lru-cache';
import type { CacheUsage } from '../cache-usage.js';
import type { Region } from '../generated/types.js';
import { loadCategories, type CategoryCatalogue } from './categories.js';
import type { Period } from './periods.js';
import { rankingSize, rankingSteps, runSteps, type PeriodRanking } from './rankings.js';
import { REGION_PROFILES, type RegionProfile } from './regions.js';
import { createUniverse, type Universe } from './universe.js';

export interface DataStoreOptions {
  /** The server's own seed: its universe is made at once and always kept. */
  readonly homeSeed: number;
  /** Universes kept besides the home seed's (none: 0). */
  readonly universes: number;
  /** Rows of rankings kept (see rankingSize). */
  readonly rankingRows: number;
  readonly catalogue?: CategoryCatalogue;
  readonly regions?: Readonly<Record<Region, RegionProfile>>;
  /** Makes a seed's universe. Default createUniverse with the catalogue and regions. */
  readonly makeUniverse?: (seed: number) => Universe;
}

export interface DataStore {
  /** A ranking already made, or undefined: no work done. */
  cached(seed: number, period: Period, region: Region | undefined): PeriodRanking | undefined;
  /** Whether a seed's universe is made and kept (the home seed's always is). */
  hasUniverse(seed: number): boolean;
  /** The steps that make a ranking (and the seed's universe first, if needed) and keep it; see rankingSteps. */
  build(seed: number, period: Period, region: Region | undefined): Generator<void, PeriodRanking, void>;
  /** A ranking, made now if needed. */
  ranking(seed: number, period: Period, region: Region | undefined): PeriodRanking;
  usage(): { readonly universes: CacheUsage; readonly rankings: CacheUsage };
}

/** What identifies a ranking: seed, period and region (none: every region). */
export const rankingKey = (seed: number, period: Period, region: Region | undefined): string => `${seed}|${period.key}|${region ?? ''}`;

/** Keys of rankings built once and not kept, remembered so that the second build of one is. */
export const ONCE_BUILT_KEYS = 1_024;

/**
 * The universes and rankings a server keeps, each in an lru-cache bounded by entries (rankings: by rows), the least
 * recently used going first. The home seed's universe is kept outside the cache. A ranking is kept from its second
 * build on: a client walking through periods or seeds, each asked once, makes rankings that push out none of those
 * other clients keep asking for.
 */
export function createDataStore(options: DataStoreOptions): DataStore {
  const catalogue = options.catalogue ?? loadCategories();
  const regions = options.regions ?? REGION_PROFILES;
  const makeUniverse = options.makeUniverse ?? ((seed: number) => createUniverse(seed, catalogue, regions));
  const home = makeUniverse(options.homeSeed);
  const universes = new LRUCache<number, Universe>({ max: Math.max(1, options.universes) });
  const rankings = new LRUCache<string, PeriodRanking>({ maxSize: Math.max(1, options.rankingRows), sizeCalculation: rankingSize });
  const builtOnce = new LRUCache<string, true>({ max: ONCE_BUILT_KEYS });

  const cached = (seed: number, period: Period, region: Region | undefined): PeriodRanking | undefined =>
    rankings.get(rankingKey(seed, period, region));
  const knownUniverse = (seed: number): Universe | undefined => (seed === options.homeSeed ? home : universes.get(seed));
  function* build(seed: number, period: Period, region: Region | undefined): Generator<void, PeriodRanking, void> {
    let universe = knownUniverse(seed);
    if (universe === undefined) {
      universe = makeUniverse(seed);
      if (options.universes > 0) universes.set(seed, universe);
      yield;
    }
    const ranking = yield* rankingSteps(universe, period, region, (each) => cached(seed, period, each));
    const key = rankingKey(seed, period, region);
    if (builtOnce.delete(key)) rankings.set(key, ranking);
    else builtOnce.set(key, true);
    return ranking;
  }
  return {
    cached,
    hasUniverse: (seed) => seed === options.homeSeed || universes.has(seed),
    build,
    ranking: (seed, period, region) => cached(seed, period, region) ?? runSteps(build(seed, period, region)),
    usage: () => ({
      universes: { entries: universes.size + 1, size: universes.size + 1, maxSize: options.universes + 1 },
      rankings: { entries: rankings.size, size: rankings.calculatedSize, maxSize: rankings.maxSize },
    }),
  };
}
