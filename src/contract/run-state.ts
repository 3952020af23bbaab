import { ContractSetupError } from './contract-errors.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import type { CaseOutcome, CoverageReport } from './report.js';
import type { Scrub } from './scrub.js';
import { isRecord } from './json-value.js';

/**
 * What `--state FILE` remembers between runs: per target, when each case last ran against it and how it ended, so
 * that a budget too small for every case checks the least recently checked ones first.
 *
 * ```json
 * { "version": 1, "targets": { "https://openapi.fastmoss.com": { "cases": {
 *   "baseline: the default query ({}) conforms to the spec": { "checked_at": "2026-04-15T06:00:00.000Z", "outcome": "passed" } } } } }
 * ```
 *
 * A target is keyed by its display URL (no user, password, query or fragment: never a credential).
 */
export interface RunState {
  readonly version: 1;
  readonly targets: Readonly<Record<string, TargetState>>;
}

export interface TargetState {
  /** Case name -> its last check. */
  readonly cases: Readonly<Record<string, CaseCheck>>;
}

export interface CaseCheck {
  /** ISO 8601: the start of the run that last ran the case to its end. */
  readonly checked_at: string;
  readonly outcome: CaseOutcome;
}

const OUTCOMES: ReadonlySet<string> = new Set<CaseOutcome>(['passed', 'failed', 'inconclusive']);
const HINT = 'Fix it, or delete the file to start again (every case then counts as never checked).';

/** Checks a parsed state file strictly; throws a ContractSetupError naming `source`, the target and the case. */
export function parseRunState(value: unknown, source: string): RunState {
  const fail = (why: string): never => {
    throw new ContractSetupError(`The state file ${source} is not usable: ${why}. ${HINT}`);
  };
  if (!isRecord(value)) return fail('it is not a JSON object');
  const extra = Object.keys(value).find((key) => key !== 'version' && key !== 'targets');
  if (extra !== undefined) return fail(`unknown member "${extra}" (a state file has "version" and "targets")`);
  if (value['version'] !== 1) return fail(`"version" must be 1, got ${JSON.stringify(value['version'])}`);
  const targets = value['targets'];
  if (!isRecord(targets)) return fail('"targets" must be an object keyed by target');
  for (const [target, state] of Object.entries(targets)) {
    const cases = isRecord(state) && Object.keys(state).length === 1 ? state['cases'] : undefined;
    if (!isRecord(cases)) return fail(`targets["${target}"] must be { "cases": { ... } }`);
    for (const [name, check] of Object.entries(cases)) {
      const at = `targets["${target}"].cases["${name}"]`;
      if (!isRecord(check) || Object.keys(check).length !== 2) return fail(`${at} must be { "checked_at", "outcome" }`);
      const { checked_at: checkedAt, outcome } = check;
      if (typeof checkedAt !== 'string' || Number.isNaN(Date.parse(checkedAt)))
        return fail(`${at}.checked_at must be an ISO 8601 instant, got ${JSON.stringify(checkedAt)}`);
      if (typeof outcome !== 'string' || !OUTCOMES.has(outcome))
        return fail(`${at}.outcome must be passed, failed or inconclusive, got ${JSON.stringify(outcome)}`);
    }
  }
  return value as unknown as RunState;
}

/** The state in `path`; an empty one when there is no such file yet (the first run). */
export async function readRunState(path: string): Promise<RunState> {
  const value = await readJsonFile(path, 'state file', HINT);
  return value === undefined ? { version: 1, targets: {} } : parseRunState(value, path);
}

export async function writeRunState(path: string, state: RunState, scrub: Scrub): Promise<void> {
  await writeJsonFile(path, state, scrub, 'state file', 'Pass a writable path to --state.');
}

/** A target's own entry (never one of Object's prototype members). */
const targetState = (state: RunState, target: string): TargetState | undefined =>
  Object.hasOwn(state.targets, target) ? state.targets[target] : undefined;

/** When each case last ran against `target`, in epoch milliseconds: what the planner orders by. */
export function lastChecked(state: RunState, target: string): ReadonlyMap<string, number> {
  return new Map(Object.entries(targetState(state, target)?.cases ?? {}).map(([name, check]) => [name, Date.parse(check.checked_at)]));
}

/**
 * How many targets a state file keeps: this run's and the others checked most recently. A target is its URL, port
 * included, so a job that points the suite at a fake on a new port each run would otherwise add one a run for ever.
 */
export const MAX_STATE_TARGETS = 16;

const latestCheck = (state: TargetState): string =>
  Object.values(state.cases).reduce((latest, check) => (check.checked_at > latest ? check.checked_at : latest), '');

/**
 * The state after a run: the cases that ran to their end get `checkedAt` and their outcome; the others keep their
 * last check. Cases the suite no longer has (another spec, a renamed case) are dropped from this target; other
 * targets are left as they are, but for the least recently checked past MAX_STATE_TARGETS.
 */
export function updateRunState(
  state: RunState,
  target: string,
  caseNames: readonly string[],
  ran: readonly { readonly name: string; readonly outcome: CaseOutcome }[],
  checkedAt: string,
): RunState {
  const previous = targetState(state, target)?.cases ?? {};
  const now = new Map(ran.map((c) => [c.name, { checked_at: checkedAt, outcome: c.outcome }]));
  const cases = Object.fromEntries(
    caseNames.flatMap((name): [string, CaseCheck][] => {
      const check = now.get(name) ?? (Object.hasOwn(previous, name) ? previous[name] : undefined);
      return check === undefined ? [] : [[name, check]];
    }),
  );
  const others = Object.entries(state.targets).filter(([name]) => name !== target);
  const kept = new Set(
    others
      .map(([name, other]) => [name, latestCheck(other)] as const)
      .sort(([, a], [, b]) => b.localeCompare(a))
      .slice(0, MAX_STATE_TARGETS - 1)
      .map(([name]) => name),
  );
  const targets = Object.entries(state.targets).filter(([name]) => name === target || kept.has(name));
  return { version: 1, targets: { ...Object.fromEntries(targets), [target]: { cases } } };
}

/**
 * How far the checks of a target reach back, for the report: the cases never run against it (in the suite's order)
 * and the least recently checked one.
 */
export function coverageOf(
  stateFile: string,
  state: RunState,
  target: string,
  caseNames: readonly string[],
  checkedThisRun: number,
): CoverageReport {
  const known = targetState(state, target)?.cases ?? {};
  const cases = new Map(caseNames.filter((name) => Object.hasOwn(known, name)).map((name) => [name, known[name] as CaseCheck]));
  let oldest: { case: string; checked_at: string } | null = null;
  for (const [name, check] of cases) {
    if (oldest === null || Date.parse(check.checked_at) < Date.parse(oldest.checked_at))
      oldest = { case: name, checked_at: check.checked_at };
  }
  return {
    state_file: stateFile,
    target,
    cases: caseNames.length,
    checked_this_run: checkedThisRun,
    never_checked: caseNames.filter((name) => !cases.has(name)),
    oldest_check: oldest,
  };
}
