import type { Region } from '../generated/types.js';
import type { RankedCreator } from './metrics.js';
import type { Period } from './periods.js';
import type { Universe } from './universe.js';

/** One period's ranking, sorted both ways once (ties by uid ascending in both). */
export interface PeriodRanking {
  readonly desc: readonly RankedCreator[];
  readonly asc: readonly RankedCreator[];
}

/** uids are unique, so two rows never compare equal. */
const byUid = (a: RankedCreator, b: RankedCreator): number => (a.item.uid < b.item.uid ? -1 : 1);

/** A ranking's rows in both orders, ties by uid ascending in both: one sort; ascending is descending read from the end, tie by tie. */
function sorted(rows: readonly RankedCreator[]): PeriodRanking {
  const desc = [...rows].sort((a, b) => b.item.potential_index - a.item.potential_index || byUid(a, b));
  const asc: RankedCreator[] = [];
  for (let end = desc.length; end > 0;) {
    let start = end - 1;
    const index = (desc[start] as RankedCreator).item.potential_index;
    while (start > 0 && (desc[start - 1] as RankedCreator).item.potential_index === index) start--;
    for (let i = start; i < end; i++) asc.push(desc[i] as RankedCreator);
    end = start;
  }
  return { desc, asc };
}

/** A ranking already made, if any: of one region, or of every region when `region` is undefined. */
export type CachedRanking = (region: Region | undefined) => PeriodRanking | undefined;

/**
 * Makes one period's ranking of a region's creators, or of every region's when `region` is undefined, as a sequence
 * of steps: each `yield` comes after one bounded piece of work (one region's creators, one region's rows, one sort,
 * a few milliseconds each), so a caller can let other requests in between. Run to the end in one go it is the
 * synchronous computation. A region's ranking is the every-region ranking with only that region's rows, in the same
 * order; the two kinds hold the same rows (rankCreator is pure), so whichever is made already gives its rows to the
 * other, and a period's rows are made once.
 */
export function* rankingSteps(
  universe: Universe,
  period: Period,
  region: Region | undefined,
  cached: CachedRanking,
): Generator<void, PeriodRanking, void> {
  if (region !== undefined) {
    const every = cached(undefined);
    if (every) return { desc: every.desc.filter((row) => row.region === region), asc: every.asc.filter((row) => row.region === region) };
    const rows = yield* regionRows(universe, period, region);
    return sorted(rows);
  }
  const rows: RankedCreator[] = [];
  for (const each of universe.regions) {
    const known = cached(each)?.desc;
    if (known) rows.push(...known);
    else rows.push(...(yield* regionRows(universe, period, each)));
  }
  yield;
  return sorted(rows);
}

function* regionRows(universe: Universe, period: Period, region: Region): Generator<void, RankedCreator[], void> {
  if (!universe.made(region)) {
    universe.creatorsOf(region);
    yield;
  }
  const rows = universe.rowsOf(period, region);
  yield;
  return rows;
}

/** Runs steps to the end at once. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export const PAGES_PER_RANKING = 32;

/** What a ranking counts for in the rankings cache: its rows, and its remembered pages (PAGES_PER_RANKING per order) as a row each. */
export const rankingSize = (ranking: PeriodRanking): number => ranking.desc.length + 2 * PAGES_PER_RANKING;
