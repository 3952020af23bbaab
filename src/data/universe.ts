import type { Region } from '../generated/types.js';
import { loadCategories, type CategoryCatalogue } from './categories.js';
import { generateIdentities, generateRegionCreators, type CreatorProfile } from './creators.js';
import { rankCreator, type RankedCreator } from './metrics.js';
import type { Period } from './periods.js';
import { REGION_PROFILES, type RegionProfile } from './regions.js';

export interface Universe {
  readonly seed: number;
  /** The regions, in the order their identities were drawn. */
  readonly regions: readonly Region[];
  /** Every region's creators (all regions are made on first read). */
  readonly creators: readonly CreatorProfile[];
  /** One region's creators, made on first use. */
  creatorsOf(region: Region): readonly CreatorProfile[];
  /** Whether a region's creators are made already. */
  made(region: Region): boolean;
  /** One region's rows for a period, unsorted: the creators ranked in it. The same content on every call. */
  rowsOf(period: Period, region: Region): RankedCreator[];
}

/**
 * The deterministic universe of a seed. Identities are made for all regions at once (they are unique across the
 * universe, and cheap); a region's creators are made when first needed, so a server starts without generating
 * regions it is never asked about. Rankings are made and kept by the data store (data-store.ts), not here.
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
  return {
    seed,
    regions: regionList,
    get creators() {
      return regionList.flatMap(creatorsOf);
    },
    creatorsOf,
    made: (region) => made.has(region),
    rowsOf(period, region) {
      const rows: RankedCreator[] = [];
      for (const creator of creatorsOf(region)) {
        const row = rankCreator(seed, creator, period, regions[creator.region]);
        if (row) rows.push(row);
      }
      return rows;
    },
  };
}
