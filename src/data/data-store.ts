import { LRUCache } from 'lru-cache';
import type { CacheUsage } from '../cache-usage.js';
import type { Region } from '../generated/types.js';
import { loadCategories, type CategoryCatalogue } from './categories.js';
import type { Period } from './periods.js';
import { rankingSize, rankingSteps, runSteps, type PeriodRanking } from './rankings.js';
import { createUniverse, type Universe } from './universe.js';
import { isPlain, isRich, PLAIN_MODES, type DataModes } from './data-modes.js';
import { edgeRow } from './edge-values.js';
import type { RankedCreator } from './metrics.js';
import { withOptionalFields } from './optional-fields.js';
import { itemFacts, type ItemFacts } from '../openapi/item-facts.js';
import { resolveSpec } from '../openapi/describe.js';

export interface DataStoreOptions {
  /** The server's own seed: its universe is made at once and always kept. */
  readonly homeSeed: number;
  /** The clock for IN_USE_MS. Default performance.now. */
  readonly monotonicMs?: () => number;
  /** Universes kept besides the home seed's (none: 0). */
  readonly universes: number;
  /** Rows of rankings kept (see rankingSize). */
  readonly rankingRows: number;
  /** How many rows a row of a rich ranking (see isRich) counts for. Default 1. */
  readonly richRowWeight?: number;
  readonly catalogue?: CategoryCatalogue;
  /** The spec's facts about the ranking item that rows in other modes need. Default: the kit's own spec's. */
  readonly itemFacts?: ItemFacts;
}

export type DataStore = ReturnType<typeof createDataStore>;

/** A row as the modes show it: edge values first (so optional fields follow them), then the optional fields. */
function rowInModes(seed: number, row: RankedCreator, period: Period, modes: DataModes, facts: ItemFacts): RankedCreator {
  const edged = modes.data === 'edge' ? edgeRow(seed, period, row, facts) : row;
  const item = withOptionalFields(seed, period, edged.item, facts.optionalFields, modes.optional);
  return item === edged.item ? edged : { ...edged, item };
}

/**
 * The universe whose rows are shown in the modes: the same creators, each period's rows mapped by rowInModes. Every
 * other member is the universe's own (delegated, not copied: reading `creators` would make every region).
 */
export function universeInModes(universe: Universe, modes: DataModes, facts: ItemFacts): Universe {
  const rowsOf: Universe['rowsOf'] = (period, region) =>
    universe.rowsOf(period, region).map((row) => rowInModes(universe.seed, row, period, modes, facts));
  return Object.create(universe, { rowsOf: { value: rowsOf } }) as Universe;
}

/**
 * What identifies a ranking: seed, period, region (none: every region) and the modes its rows are shown in (default
 * the rows as made). The modes are a fixed set of 6, so they multiply the keys a client can ask for by 6 at most.
 */
export const rankingKey = (seed: number, period: Period, region: Region | undefined, modes: DataModes = PLAIN_MODES): string =>
  `${seed}|${period.key}|${region ?? ''}|${modes.optional}|${modes.data}`;

/** Keys of rankings built once and not kept, remembered so that the second build of one is. */
export const ONCE_BUILT_KEYS = 1_024;

/**
 * How long a ranking read from the cache is not pushed out for another. Short, so that rankings a burst of requests
 * read (a cache fill, another test suite) stop holding their room soon after it moves on; long enough for a client
 * reading its rankings a few times a second (bench/OPTIMISATIONS.md has what 10 s cost).
 */
export const IN_USE_MS = 2_000;

/** A kept ranking, its size in rows, and when a request last read it from the cache. */
interface Kept {
  readonly ranking: PeriodRanking;
  readonly size: number;
  readAt: number;
}

/**
 * The universes and rankings a server keeps, each in an lru-cache bounded by entries (rankings: by rows). The home
 * seed's universe is kept outside the cache. A ranking is kept from its second build on, in place of the least
 * recently used that no request has read from the cache in the last IN_USE_MS; when those do not make room, it is
 * not kept. So a client walking through periods or seeds, asking for each once or twice, pushes out its own rankings and
 * those nobody uses any more, not those other clients keep asking for.
 */
export function createDataStore(options: DataStoreOptions) {
  const catalogue = options.catalogue ?? loadCategories();
  const makeUniverse = (seed: number): Universe => createUniverse(seed, catalogue);
  const home = makeUniverse(options.homeSeed);
  const universes = new LRUCache<number, Universe>({ max: Math.max(1, options.universes) });
  const rankings = new LRUCache<string, Kept>({ maxSize: Math.max(1, options.rankingRows) });
  const sizeOf = (ranking: PeriodRanking, modes: DataModes): number =>
    Math.ceil(rankingSize(ranking) * (isRich(modes) ? (options.richRowWeight ?? 1) : 1));
  const builtOnce = new LRUCache<string, true>({ max: ONCE_BUILT_KEYS });
  const now = options.monotonicMs ?? (() => performance.now());
  const keep = (key: string, ranking: PeriodRanking, size: number): void => {
    const inUseSince = now() - IN_USE_MS;
    let room = rankings.maxSize - rankings.calculatedSize;
    const victims: string[] = [];
    for (const victim of rankings.rkeys()) {
      if (room >= size) break;
      const kept = rankings.peek(victim) as Kept;
      if (kept.readAt >= inUseSince) continue;
      victims.push(victim);
      room += kept.size;
    }
    if (room < size) return;
    for (const victim of victims) rankings.delete(victim);
    rankings.set(key, { ranking, size, readAt: -Infinity }, { size });
  };

  let facts = options.itemFacts;
  const factsOfItems = (): ItemFacts => (facts ??= itemFacts(resolveSpec()));
  const cached = (seed: number, period: Period, region: Region | undefined, modes: DataModes = PLAIN_MODES): PeriodRanking | undefined => {
    const kept = rankings.get(rankingKey(seed, period, region, modes));
    if (kept === undefined) return undefined;
    kept.readAt = now();
    return kept.ranking;
  };
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
      if (options.universes > 0) universes.set(seed, universe);
      yield;
    }
    const shown = isPlain(modes) ? universe : universeInModes(universe, modes, factsOfItems());
    const ranking = yield* rankingSteps(shown, period, region, (each) => rankings.get(rankingKey(seed, period, each, modes))?.ranking);
    const key = rankingKey(seed, period, region, modes);
    if (builtOnce.delete(key)) keep(key, ranking, sizeOf(ranking, modes));
    else builtOnce.set(key, true);
    return ranking;
  }
  return {
    /** A ranking already made, or undefined: no work done. */
    cached,
    /** Whether a seed's universe is made and kept (the home seed's always is). */
    hasUniverse: (seed: number): boolean => seed === options.homeSeed || universes.has(seed),
    /** The steps that make a ranking (and the seed's universe first, if needed) and keep it; see rankingSteps. */
    build,
    /** A ranking, made now if needed. */
    ranking: (seed: number, period: Period, region: Region | undefined, modes?: DataModes): PeriodRanking =>
      cached(seed, period, region, modes) ?? runSteps(build(seed, period, region, modes)),
    usage: (): { readonly universes: CacheUsage; readonly rankings: CacheUsage } => ({
      universes: { entries: universes.size + 1, size: universes.size + 1, maxSize: options.universes + 1 },
      rankings: { entries: rankings.size, size: rankings.calculatedSize, maxSize: rankings.maxSize },
    }),
  };
}
