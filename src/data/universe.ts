import type { Region } from '../generated/types.js';
import { loadCategories, type CategoryCatalogue } from './categories.js';
import { generateCreators, type CreatorProfile } from './creators.js';
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
  readonly creators: readonly CreatorProfile[];
  ranking(period: Period): PeriodRanking;
}

const RANKING_CACHE_SIZE = 64;

const byUid = (a: RankedCreator, b: RankedCreator): number => (a.item.uid < b.item.uid ? -1 : a.item.uid > b.item.uid ? 1 : 0);

/**
 * The deterministic universe of a seed: creators made once, each period's ranking made on first use and kept
 * (least recently used first out), so faker and the metric generator stay off the hot path.
 */
export function createUniverse(
  seed: number,
  catalogue: CategoryCatalogue = loadCategories(),
  regions: Readonly<Record<Region, RegionProfile>> = REGION_PROFILES,
): Universe {
  const creators = generateCreators(seed, catalogue, regions);
  const rankings = new Map<string, PeriodRanking>();
  return {
    seed,
    creators,
    ranking(period) {
      const cached = rankings.get(period.key);
      if (cached) {
        rankings.delete(period.key);
        rankings.set(period.key, cached);
        return cached;
      }
      const rows: RankedCreator[] = [];
      for (const creator of creators) {
        const row = rankCreator(seed, creator, period, regions[creator.region]);
        if (row) rows.push(row);
      }
      const desc = [...rows].sort((a, b) => b.item.potential_index - a.item.potential_index || byUid(a, b));
      const asc = [...rows].sort((a, b) => a.item.potential_index - b.item.potential_index || byUid(a, b));
      const ranking = { desc, asc };
      rankings.set(period.key, ranking);
      if (rankings.size > RANKING_CACHE_SIZE) rankings.delete(rankings.keys().next().value as string);
      return ranking;
    },
  };
}

const universes = new Map<number, Universe>();

/** The universe of a seed, made once per process. */
export function universeFor(seed: number): Universe {
  let universe = universes.get(seed);
  if (!universe) {
    universe = createUniverse(seed);
    universes.set(seed, universe);
  }
  return universe;
}
