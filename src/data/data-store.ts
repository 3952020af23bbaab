import { LRUCache } from 'lru-cache';
import type { CacheUsage } from '../cache-usage.js';
import type { Region } from '../generated/types.js';
import { loadCategories, type CategoryCatalogue } from './categories.js';
import type { Period } from './periods.js';
import { rankingBytes, rankingSteps, runSteps, type PeriodRanking } from './rankings.js';
import { REGION_PROFILES, type RegionProfile } from './regions.js';
import { SegmentedCache } from './segmented-cache.js';
import { createUniverse, universeBytes, type Universe } from './universe.js';
import { isPlain, PLAIN_MODES, type DataModes } from './data-modes.js';
import { shownRankingBytes, universeInModes } from './row-modes.js';
import { itemFacts, type ItemFacts } from '../openapi/item-facts.js';
import { resolveSpec } from '../openapi/describe.js';

export interface DataStoreOptions {
  /** The server's own seed: its universe is made at once and always kept. */
  readonly homeSeed: number;
  /** Bytes for universes, the home seed's included (each counted as universeBytes()). */
  readonly universeBytes: number;
  /** Bytes for the home seed's rankings (each counted as rankingBytes()). */
  readonly rankingBytes: number;
  /** Bytes for other seeds' rankings, apart, so that many seeds cannot push the home seed's out. */
  readonly otherSeedRankingBytes: number;
  readonly catalogue?: CategoryCatalogue;
  readonly regions?: Readonly<Record<Region, RegionProfile>>;
  /** Makes a seed's universe. Default createUniverse with the catalogue and regions. */
  readonly makeUniverse?: (seed: number) => Universe;
  /** The spec's facts about the ranking item that rows in other modes need. Default: the kit's own spec's. */
  readonly itemFacts?: ItemFacts;
}

export interface DataStore {
  /** A ranking already made, or undefined: no work done. */
  cached(seed: number, period: Period, region: Region | undefined, modes?: DataModes): PeriodRanking | undefined;
  /** Whether a seed's universe is made and kept (the home seed's always is). */
  hasUniverse(seed: number): boolean;
  /** The steps that make a ranking (and the seed's universe first, if needed) and keep it; see rankingSteps. */
  build(seed: number, period: Period, region: Region | undefined, modes?: DataModes): Generator<void, PeriodRanking, void>;
  /** A ranking, made now if needed. */
  ranking(seed: number, period: Period, region: Region | undefined, modes?: DataModes): PeriodRanking;
  usage(): { readonly universes: CacheUsage; readonly rankings: CacheUsage; readonly otherSeedRankings: CacheUsage };
}

/**
 * What identifies a ranking: seed, period, region (none: every region) and the modes its rows are shown in (default
 * the rows as made). The modes are a fixed set of 6, so they multiply the keys a client can ask for by 6 at most.
 */
export const rankingKey = (seed: number, period: Period, region: Region | undefined, modes: DataModes = PLAIN_MODES): string =>
  `${seed}|${period.key}|${region ?? ''}|${modes.optional}|${modes.data}`;

/**
 * The universes and rankings a server keeps, each cache within its byte budget: the least recently used go first
 * (for rankings, among those used once; see SegmentedCache), and an entry larger than its whole budget is made for the
 * request that needs it and not kept. The home seed's universe is kept outside the cache, its bytes taken from the
 * universes' budget; its rankings have a cache of their own, apart from other seeds'.
 */
export function createDataStore(options: DataStoreOptions): DataStore {
  const catalogue = options.catalogue ?? loadCategories();
  const regions = options.regions ?? REGION_PROFILES;
  const perUniverse = universeBytes(regions);
  const makeUniverse = options.makeUniverse ?? ((seed: number) => createUniverse(seed, catalogue, regions));
  const home = makeUniverse(options.homeSeed);
  const universes = new LRUCache<number, Universe>({
    maxSize: Math.max(1, options.universeBytes - perUniverse),
    sizeCalculation: () => perUniverse,
  });
  /** The bytes of rankings shown in modes other than the plain one (the others are counted by rankingBytes). */
  const shownBytes = new WeakMap<PeriodRanking, number>();
  const sizeOf = (ranking: PeriodRanking): number => shownBytes.get(ranking) ?? rankingBytes(ranking);
  const homeRankings = new SegmentedCache<string, PeriodRanking>(options.rankingBytes, sizeOf);
  const otherRankings = new SegmentedCache<string, PeriodRanking>(options.otherSeedRankingBytes, sizeOf);
  const rankingsOf = (seed: number): SegmentedCache<string, PeriodRanking> => (seed === options.homeSeed ? homeRankings : otherRankings);

  let facts = options.itemFacts;
  const factsOfItems = (): ItemFacts => (facts ??= itemFacts(resolveSpec()));
  const cached = (seed: number, period: Period, region: Region | undefined, modes: DataModes = PLAIN_MODES): PeriodRanking | undefined =>
    rankingsOf(seed).get(rankingKey(seed, period, region, modes));
  const knownUniverse = (seed: number): Universe | undefined => (seed === options.homeSeed ? home : universes.get(seed));
  function* build(
    seed: number,
    period: Period,
    region: Region | undefined,
    modes: DataModes = PLAIN_MODES,
  ): Generator<void, PeriodRanking, void> {
    let universe = knownUniverse(seed);
    if (universe === undefined) {
      universe = makeUniverse(seed);
      universes.set(seed, universe);
      yield;
    }
    const plain = isPlain(modes);
    const shown = plain ? universe : universeInModes(universe, modes, factsOfItems());
    const ranking = yield* rankingSteps(shown, period, region, (each) => cached(seed, period, each, modes));
    if (!plain) shownBytes.set(ranking, shownRankingBytes(ranking, modes));
    rankingsOf(seed).set(rankingKey(seed, period, region, modes), ranking);
    return ranking;
  }
  return {
    cached,
    hasUniverse: (seed) => seed === options.homeSeed || universes.has(seed),
    build,
    ranking: (seed, period, region, modes) => cached(seed, period, region, modes) ?? runSteps(build(seed, period, region, modes)),
    usage: () => ({
      universes: { entries: universes.size + 1, bytes: universes.calculatedSize + perUniverse, maxBytes: universes.maxSize + perUniverse },
      rankings: homeRankings.usage(),
      otherSeedRankings: otherRankings.usage(),
    }),
  };
}
