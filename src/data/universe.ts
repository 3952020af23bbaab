import type { Region } from '../generated/types.js';
import { LruMap } from '../lru.js';
import { loadCategories, type CategoryCatalogue } from './categories.js';
import { generateIdentities, generateRegionCreators, type CreatorProfile } from './creators.js';
import { rankCreator, type RankedCreator } from './metrics.js';
import type { Period } from './periods.js';
import { REGION_PROFILES, type RegionProfile } from './regions.js';

/** One period's ranking, sorted both ways once (ties by uid ascending in both). */
export interface PeriodRanking {
  readonly desc: readonly RankedCreator[];
  readonly asc: readonly RankedCreator[];
}

export interface Universe {
  readonly seed: number;
  /** Every region's creators (all regions are made on first read). */
  readonly creators: readonly CreatorProfile[];
  /** One region's creators, made on first use. */
  creatorsOf(region: Region): readonly CreatorProfile[];
  /**
   * One period's ranking of a region's creators, or of every region's when `region` is undefined. A region's ranking
   * is the every-region ranking with only that region's rows, in the same order.
   */
  ranking(period: Period, region?: Region): PeriodRanking;
}

/** Rankings kept per universe: (period, region) pairs, or periods of every region. */
const RANKING_CACHE_SIZE = 64;

/** uids are unique, so two rows never compare equal. */
const byUid = (a: RankedCreator, b: RankedCreator): number => (a.item.uid < b.item.uid ? -1 : 1);

/** A ranking's rows in both orders (ties by uid ascending in both). */
function sorted(rows: readonly RankedCreator[]): PeriodRanking {
  return {
    desc: [...rows].sort((a, b) => b.item.potential_index - a.item.potential_index || byUid(a, b)),
    asc: [...rows].sort((a, b) => a.item.potential_index - b.item.potential_index || byUid(a, b)),
  };
}

const rankingKey = (period: Period, region: Region | undefined): string => (region === undefined ? period.key : `${period.key}|${region}`);

/**
 * The deterministic universe of a seed. Identities are made for all regions at once (they are unique across the
 * universe, and cheap); a region's creators are made when a request first needs them, and each (period, region)
 * ranking on first use and kept (least recently used first out), so a server starts without generating regions it
 * is never asked about, and faker and the metric generator stay off the hot path.
 */
export function createUniverse(
  seed: number,
  catalogue: CategoryCatalogue = loadCategories(),
  regions: Readonly<Record<Region, RegionProfile>> = REGION_PROFILES,
): Universe {
  const identities = generateIdentities(seed, regions);
  const regionList = [...identities.keys()];
  const made = new Map<Region, readonly CreatorProfile[]>();
  const creatorsOf = (region: Region): readonly CreatorProfile[] => {
    let creators = made.get(region);
    if (creators === undefined) {
      creators = generateRegionCreators(seed, region, identities.get(region) ?? [], catalogue);
      made.set(region, creators);
    }
    return creators;
  };
  const rankings = new LruMap<string, PeriodRanking>(RANKING_CACHE_SIZE);
  const rankRows = (creators: readonly CreatorProfile[], period: Period): RankedCreator[] => {
    const rows: RankedCreator[] = [];
    for (const creator of creators) {
      const row = rankCreator(seed, creator, period, regions[creator.region]);
      if (row) rows.push(row);
    }
    return rows;
  };
  // The two kinds of ranking hold the same rows (rankCreator is pure): whichever is cached gives its rows to the
  // other, so a period's rows are made once, and items (and the serializer's bytes of them) are shared.
  const rankRegion = (period: Period, region: Region): PeriodRanking => {
    const every = rankings.get(rankingKey(period, undefined));
    if (every) return { desc: every.desc.filter((row) => row.region === region), asc: every.asc.filter((row) => row.region === region) };
    return sorted(rankRows(creatorsOf(region), period));
  };
  const rankEveryRegion = (period: Period): PeriodRanking =>
    sorted(regionList.flatMap((region) => rankings.get(rankingKey(period, region))?.desc ?? rankRows(creatorsOf(region), period)));
  return {
    seed,
    get creators() {
      return regionList.flatMap(creatorsOf);
    },
    creatorsOf,
    ranking(period, region) {
      return rankings.remember(rankingKey(period, region), () => (region === undefined ? rankEveryRegion(period) : rankRegion(period, region)));
    },
  };
}

const UNIVERSE_CACHE_SIZE = 8;
const universes = new LruMap<number, Universe>(UNIVERSE_CACHE_SIZE);

/** The universe of a seed, made once per process; at most a few seeds are kept (least recently used out). */
export function universeFor(seed: number): Universe {
  return universes.remember(seed, () => createUniverse(seed));
}
