import type { CaseCategory, ContractCase } from './cases.js';

export interface SkippedCase {
  readonly name: string;
  /** Why, in the same words for every case skipped alike (reports group by it). */
  readonly reason: string;
  /** What is particular to this case, e.g. when it was last checked. */
  readonly detail?: string;
}

/** A skipped case's reason and detail, in one line. */
export const skipText = (skip: SkippedCase): string => (skip.detail === undefined ? skip.reason : `${skip.reason}; ${skip.detail}`);

export interface Plan {
  /** The cases to run, in order. */
  readonly cases: readonly ContractCase[];
  readonly skipped: readonly SkippedCase[];
}

/** First, in this order, whatever else is spent: the baseline everything builds on, then auth. */
const FIRST: readonly CaseCategory[] = ['baseline', 'auth'];
/** Then, round by round, one case of each group, the groups of these categories taking turns. */
const ROUND_ROBIN: readonly (readonly CaseCategory[])[] = [['validation'], ['semantics', 'pagination']];

/**
 * Orders the cases by what a request teaches and keeps as many as the budget pays for. The baseline and auth come
 * first. Then rounds: each round takes the next case of every group (a field's constraint, a filter, the sort, the
 * pagination), validation and semantics groups taking turns, so a small budget still probes every field and every
 * filter once before probing any twice. Cases that do not fit the budget are skipped, by name.
 *
 * Given `lastChecked` (case name -> when it last ran against this target, epoch ms; see run-state.ts), the cases
 * after the baseline and auth are taken least recently checked first, never-checked ones before all others, the
 * round-robin order breaking ties: successive runs of a small budget rotate through every case.
 */
export function planCases(cases: readonly ContractCase[], budget: number, lastChecked?: ReadonlyMap<string, number>): Plan {
  const rounds = interleave(ROUND_ROBIN.map((categories) => groups(cases.filter((c) => categories.includes(c.category)))));
  const ordered = [
    ...FIRST.flatMap((category) => cases.filter((c) => c.category === category)),
    ...(lastChecked === undefined ? rounds : leastRecentFirst(rounds, lastChecked)),
  ];
  const planned: ContractCase[] = [];
  const skipped: SkippedCase[] = [];
  let cost = 0;
  for (const candidate of ordered) {
    if (cost + candidate.cost > budget) {
      skipped.push({
        name: candidate.name,
        reason: `over the budget of ${budget} requests`,
        ...(lastChecked === undefined ? {} : { detail: lastCheck(lastChecked.get(candidate.name)) }),
      });
      continue;
    }
    cost += candidate.cost;
    planned.push(candidate);
  }
  return { cases: planned, skipped };
}

/** Never-checked cases first, then the least recently checked; a stable sort, so the given order breaks ties. */
function leastRecentFirst(ordered: readonly ContractCase[], lastChecked: ReadonlyMap<string, number>): ContractCase[] {
  const when = (c: ContractCase): number => lastChecked.get(c.name) ?? Number.NEGATIVE_INFINITY;
  return [...ordered].sort((a, b) => (when(a) === when(b) ? 0 : when(a) < when(b) ? -1 : 1));
}

const lastCheck = (at: number | undefined): string =>
  at === undefined ? 'never checked against this target' : `last checked ${new Date(at).toISOString()}`;

/** Cases by group, groups in order of first appearance. */
function groups(cases: readonly ContractCase[]): ContractCase[][] {
  const byGroup = new Map<string, ContractCase[]>();
  for (const c of cases) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
  return [...byGroup.values()];
}

/**
 * Round r takes case r of each group; within a round the groups of the different lists alternate
 * (validation group 1, semantics group 1, validation group 2, ...).
 */
function interleave(lists: readonly (readonly ContractCase[][])[]): ContractCase[] {
  const alternated: ContractCase[][] = [];
  const longest = Math.max(...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (list[i]) alternated.push(list[i] as ContractCase[]);
  const out: ContractCase[] = [];
  const rounds = Math.max(...alternated.map((group) => group.length));
  for (let round = 0; round < rounds; round++) for (const group of alternated) if (group[round]) out.push(group[round] as ContractCase);
  return out;
}
