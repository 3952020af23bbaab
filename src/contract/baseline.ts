import { ContractSetupError } from './contract-errors.js';
import { findingId, SEVERITY, type Acceptance, type AcceptanceOf, type Finding, type FindingKind } from './findings.js';
import type { BaselineReport } from './report.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import type { Scrub } from './scrub.js';
import { isRecord } from './json-value.js';

/**
 * The baseline: findings a team has looked at and accepted. A finding whose id it lists is reported as accepted and
 * does not fail the run; an entry no run sees any more is reported resolved, so the file shrinks.
 *
 * ```json
 * { "version": 1, "accepted": [{ "id": "schema-type:$.data.total:type", "reason": "production sends an integer; our parser copes",
 *   "accepted_on": "2026-04-15", "kind": "schema-type", "path": "$.data.total", "rule": "type", "case": "baseline: ..." }] }
 * ```
 */
export interface BaselineFile {
  readonly version: 1;
  readonly accepted: readonly BaselineEntry[];
}

export interface BaselineEntry extends Acceptance {
  /** The finding's id (see findingId); the only member matching uses. */
  readonly id: string;
  /** For people reading the file; when given, they must agree with the id. */
  readonly kind?: FindingKind;
  readonly path?: string;
  readonly rule?: string;
  /** The case that showed the finding: the entry counts as resolved only after that case ran again without it. */
  readonly case?: string;
}

/** What `--write-baseline` puts in each new entry's reason: it is for a person to replace. */
export const REASON_PLACEHOLDER = 'TODO: explain why this is accepted (a vendor notice or a ticket helps)';

const ENTRY_MEMBERS = new Set(['id', 'reason', 'accepted_on', 'kind', 'path', 'rule', 'case']);
const HINT = 'Fix the entry, or start a new file with --write-baseline FILE.';

/** A real calendar date written YYYY-MM-DD. */
function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Checks a parsed baseline strictly: every member known, every entry complete and its id unique, kind, path and rule
 * (when given) the ones the id says. Throws a ContractSetupError naming `source`, the entry and the member.
 */
export function parseBaseline(value: unknown, source: string): BaselineFile {
  const fail = (why: string): never => {
    throw new ContractSetupError(`The baseline ${source} is not usable: ${why}. ${HINT}`);
  };
  if (!isRecord(value)) return fail('it is not a JSON object');
  const unknown = Object.keys(value).filter((key) => key !== 'version' && key !== 'accepted');
  if (unknown.length > 0) return fail(`unknown member "${unknown[0]}" (a baseline has "version" and "accepted")`);
  if (value['version'] !== 1) return fail(`"version" must be 1, got ${JSON.stringify(value['version'])}`);
  const accepted = value['accepted'];
  if (!Array.isArray(accepted)) return fail('"accepted" must be an array of entries');
  const seen = new Map<string, number>();
  accepted.forEach((entry: unknown, index) => {
    const at = (why: string): never =>
      fail(`accepted[${index}]${isRecord(entry) && typeof entry['id'] === 'string' ? ` (${entry['id']})` : ''}: ${why}`);
    if (!isRecord(entry)) return at('an entry must be an object');
    const extra = Object.keys(entry).find((key) => !ENTRY_MEMBERS.has(key));
    if (extra !== undefined) return at(`unknown member "${extra}" (an entry has ${[...ENTRY_MEMBERS].join(', ')})`);
    const { id, reason, accepted_on: acceptedOn, kind, path, rule } = entry;
    if (typeof id !== 'string' || id.trim() === '' || /[\r\n]/.test(id))
      return at('"id" must be a finding id, one line, as drift.json shows it');
    if (typeof reason !== 'string' || reason.trim() === '') return at('"reason" must say why the finding is accepted');
    if (typeof acceptedOn !== 'string' || !isDate(acceptedOn))
      return at(`"accepted_on" must be a date written YYYY-MM-DD, got ${JSON.stringify(acceptedOn)}`);
    for (const member of ['path', 'rule', 'case'] as const) {
      if (entry[member] !== undefined && typeof entry[member] !== 'string') return at(`"${member}" must be a string`);
    }
    if (kind !== undefined && !(typeof kind === 'string' && Object.hasOwn(SEVERITY, kind)))
      return at(`"kind" must be a finding kind, got ${JSON.stringify(kind)}`);
    if ((kind === undefined) !== (path === undefined)) return at('"kind" and "path" go together (or leave both out)');
    if (typeof kind === 'string') {
      const derived = findingId({ kind, path: path as string, ...(rule === undefined ? {} : { rule: rule as string }) });
      if (derived !== id) return at(`"id" does not match its kind, path and rule, which give "${derived}"`);
    }
    const first = seen.get(id);
    if (first !== undefined) return at(`the id is listed twice, also at accepted[${first}]`);
    seen.set(id, index);
    return undefined;
  });
  return value as unknown as BaselineFile;
}

/** A baseline given as a file's path (read and checked) or as an object (checked). */
export async function loadBaseline(input: string | BaselineFile): Promise<BaselineFile> {
  if (typeof input !== 'string') return parseBaseline(input, 'given as an option');
  const value = await readJsonFile(input, 'baseline', HINT);
  if (value === undefined) {
    throw new ContractSetupError(
      `Failed to read the baseline ${input}: there is no such file. Check the path, or start one with --write-baseline ${input}.`,
    );
  }
  return parseBaseline(value, input);
}

/**
 * Sorts the baseline's unseen entries. An entry is resolved when nothing showed its finding although the run checked
 * what did: the case that showed it ran, or, for an entry that names no case (or a case that no longer exists), the
 * run checked everything. Otherwise (a case skipped for the budget, another mode) it is not checked, and kept.
 */
export function settleBaseline(
  baseline: BaselineFile,
  seen: ReadonlySet<string>,
  checked: { readonly cases: ReadonlySet<string>; readonly everything: boolean },
): { readonly resolved: readonly BaselineEntry[]; readonly notChecked: readonly BaselineEntry[] } {
  const resolved: BaselineEntry[] = [];
  const notChecked: BaselineEntry[] = [];
  for (const entry of baseline.accepted) {
    if (seen.has(entry.id)) continue;
    const ran = checked.everything || (entry.case !== undefined && checked.cases.has(entry.case));
    (ran ? resolved : notChecked).push(entry);
  }
  return { resolved, notChecked };
}

/**
 * The baseline `--write-baseline` writes: every breaking or additive finding of this run (info never fails a run),
 * keeping the reason and date of entries already accepted, plus the entries this run could not check; resolved
 * entries are left out. New entries get REASON_PLACEHOLDER and `today`. Sorted by id, so the file diffs well.
 */
export function baselineFromFindings(
  findings: readonly Finding[],
  previous: BaselineFile | undefined,
  notChecked: readonly BaselineEntry[],
  today: string,
): BaselineFile {
  const known = new Map((previous?.accepted ?? []).map((entry) => [entry.id, entry]));
  const entries = findings
    .filter((finding) => finding.severity !== 'info')
    .map(
      (finding): BaselineEntry =>
        known.get(finding.id) ?? {
          id: finding.id,
          reason: REASON_PLACEHOLDER,
          accepted_on: today,
          kind: finding.kind,
          path: finding.path,
          ...(finding.rule === undefined ? {} : { rule: finding.rule }),
          case: finding.case,
        },
    );
  // Ids are unique: the findings' by construction, the unchecked entries' by the baseline's check, and the two are apart.
  const accepted = [...entries, ...notChecked].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { version: 1, accepted };
}

export async function writeBaseline(path: string, baseline: BaselineFile, scrub: Scrub): Promise<void> {
  await writeJsonFile(path, baseline, scrub, 'baseline', 'Pass a writable path to --write-baseline.');
}

/** What a run (live or offline) asks of the baseline, given or not. */
export interface RunBaseline {
  /** How FindingSet tells accepted findings from new ones; only the reason and the date go into the report. */
  readonly acceptance: AcceptanceOf;
  /**
   * After the run: the report's baseline section (undefined without a baseline). `cases` ran to their end; `everything`
   * is true when nothing the suite has was left out (see settleBaseline).
   */
  settle(
    findings: readonly Finding[],
    checked: { readonly cases: ReadonlySet<string>; readonly everything: boolean },
  ): BaselineReport | undefined;
  /** Writes `--write-baseline`: this run's findings, the reasons already given kept, unchecked entries kept. */
  write(path: string, findings: readonly Finding[], report: BaselineReport | undefined, today: string, scrub: Scrub): Promise<void>;
}

/** Reads and checks the baseline before anything is sent: a broken one is a setup error (exit code 2). */
export async function runBaseline(input: string | BaselineFile | undefined): Promise<RunBaseline> {
  const baseline = input === undefined ? undefined : await loadBaseline(input);
  const byId = new Map((baseline?.accepted ?? []).map((entry) => [entry.id, entry]));
  return {
    acceptance: (id) => {
      const entry = byId.get(id);
      return entry === undefined ? undefined : { reason: entry.reason, accepted_on: entry.accepted_on };
    },
    settle(findings, checked) {
      if (baseline === undefined) return undefined;
      const { resolved, notChecked } = settleBaseline(baseline, new Set(findings.map((finding) => finding.id)), checked);
      return {
        ...(typeof input === 'string' ? { file: input } : {}),
        entries: baseline.accepted.length,
        resolved,
        not_checked: notChecked,
        // A reason still to be written: the placeholder, or any reason starting with TODO.
        placeholder_reasons: baseline.accepted.filter((entry) => /^\s*TODO\b/i.test(entry.reason)).map((entry) => entry.id),
      };
    },
    write: (path, findings, report, today, scrub) =>
      writeBaseline(path, baselineFromFindings(findings, baseline, report?.not_checked ?? [], today), scrub),
  };
}
