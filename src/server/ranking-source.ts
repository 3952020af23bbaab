import type { DataStore } from '../data/data-store.js';
import { rankingKey } from '../data/data-store.js';
import type { DataModes } from '../data/data-modes.js';
import { needsRanking, type RankingQuery } from '../data/query.js';
import type { PeriodRanking } from '../data/rankings.js';
import { errorMessages } from '../errors.js';
import { createColdBuilds } from './cold-builds.js';
import { NEW_SEEDS_BURST, NEW_SEEDS_PER_SECOND } from './new-seeds.js';

/** When too many builds wait: a build takes tens of milliseconds (bench/RESULTS.md), so the queue moves on within seconds. */
const BUSY_RETRY_S = 1;

/** The ranking a query reads (undefined: its period has no data yet), or how long to wait when the server is busy. */
export type RankingOutcome = { readonly ranking: PeriodRanking | undefined } | { readonly retryAfter: number; readonly message: string };

/**
 * Where the route gets a query's ranking: kept (at once), or made as a cold build (cold-builds.ts), within the bound
 * on new seeds (`newSeed`: see new-seeds.ts). Synchronous when nothing has to be made, so the common answer awaits
 * nothing.
 */
export function createRankingSource(
  store: DataStore,
  newSeed: () => number,
): (seed: number, query: RankingQuery, now: Date, modes: DataModes) => RankingOutcome | Promise<RankingOutcome> {
  const cold = createColdBuilds();
  return (seed, query, now, modes) => {
    if (!needsRanking(query, now)) return { ranking: undefined };
    const {
      period,
      filter: { region },
    } = query;
    const kept = store.cached(seed, period, region, modes);
    if (kept !== undefined) return { ranking: kept };
    const tookSeed = !store.hasUniverse(seed);
    const refused = seedRefusal(newSeed, tookSeed);
    if (refused) return refused;
    const building = cold.run(rankingKey(seed, period, region, modes), function* () {
      // While this build waited its turn, other seeds may have pushed this one's universe out: making it again is
      // making a new seed, and the gate bounds those however long the queue.
      const pushedOut = seedRefusal(newSeed, !tookSeed && !store.hasUniverse(seed));
      return pushedOut ?? { ranking: yield* store.build(seed, period, region, modes) };
    });
    if (building === undefined) return { retryAfter: BUSY_RETRY_S, message: errorMessages.busyBuilding(cold.waiting, BUSY_RETRY_S) };
    return building;
  };
}

/** The answer when a seed's universe must be made and the new-seed gate says wait; undefined to go on. */
function seedRefusal(newSeed: () => number, mustMake: boolean): RankingOutcome | undefined {
  const wait = mustMake ? newSeed() : 0;
  return wait > 0 ? { retryAfter: wait, message: errorMessages.tooManyNewSeeds(NEW_SEEDS_BURST, NEW_SEEDS_PER_SECOND, wait) } : undefined;
}
