import type { ApiDescription } from '../openapi/describe.js';
import type { BaselineEntry } from './baseline.js';
import type { CaseCategory } from './cases.js';
import type { StopReason } from './contract-errors.js';
import { weighEvidence, type EvidenceReport } from './evidence.js';
import { failsRun, type FailOn, type Finding } from './findings.js';
import type { SkippedCase } from './planner.js';

export type CaseOutcome = 'passed' | 'failed' | 'inconclusive';

/** `holds`: enough was judged and no new drift found; `inconclusive`: too little was judged to say (see `evidence`). */
export type Verdict = 'holds' | 'drift' | 'inconclusive';

export interface CaseReport {
  readonly name: string;
  readonly category: CaseCategory | 'offline';
  readonly outcome: CaseOutcome;
  readonly note?: string;
  /** Requests the case sent (offline: 0). */
  readonly requests: number;
  /** What this case showed first (see CaseFindings), de-duplicated within the case: its failures when new and at the threshold. */
  readonly findings: readonly Finding[];
  /** Ids of findings an earlier case showed first that this case's answers showed again: told, never failing it. */
  readonly seen_again?: readonly string[];
}

/** Everything a run learnt: drift.json is this object, drift.md and the TAP stream are views of it. */
export interface ContractReport {
  readonly tool: 'fastmoss-kit contract';
  readonly mode: 'live' | 'offline';
  readonly spec: SpecReport;
  /** Base URL (no credentials) or, offline, the fixtures directory. */
  readonly target: string;
  readonly target_label?: string;
  readonly started_at: string;
  readonly duration_ms: number;
  readonly requests_sent: number;
  readonly budget: number | 'unlimited';
  readonly fail_on: FailOn;
  /** Drift at the fail-on threshold wins; without it, a run that judged too little is inconclusive, never a hold. */
  readonly verdict: Verdict;
  /** verdict `holds`: enough was judged, and the spec, with the baseline's accepted findings, still describes the target. */
  readonly spec_holds: boolean;
  /** How much the run judged, against the rule a verdict needs. */
  readonly evidence: EvidenceReport;
  readonly summary: {
    /** New findings (not in the baseline) by severity. */
    readonly breaking: number;
    readonly additive: number;
    readonly info: number;
    /** Findings the baseline accepts, and baseline entries no longer seen. */
    readonly accepted: number;
    readonly resolved: number;
    readonly cases: Readonly<Record<CaseOutcome | 'skipped', number>>;
  };
  /** Set when the run stopped before its plan was done. */
  readonly stopped?: { readonly reason: StopReason; readonly detail: string };
  /** Every finding, new and accepted (see each one's `status`). */
  readonly findings: readonly Finding[];
  /** Set when a baseline was given. */
  readonly baseline?: BaselineReport;
  /** Set when a state file was given: how far the checks of this target reach back. */
  readonly coverage?: CoverageReport;
  readonly cases: readonly CaseReport[];
  readonly skipped: readonly SkippedCase[];
}

/** The spec that judged: its title and version, the file as it was named (null for a document given in memory), its sha256. */
export interface SpecReport {
  readonly title: string;
  readonly version: string;
  readonly path: string | null;
  /** Of the file's text; of the document's JSON when it was given in memory. */
  readonly sha256: string;
}

export const specReport = (api: ApiDescription): SpecReport => ({
  title: api.title,
  version: api.version,
  path: api.sourcePath ?? null,
  sha256: api.sha256,
});

export interface BaselineReport {
  /** The file, when the baseline was read from one. */
  readonly file?: string;
  /** How many entries it lists. */
  readonly entries: number;
  /** Entries whose finding no longer occurs although what showed it ran: remove them from the file. */
  readonly resolved: readonly BaselineEntry[];
  /** Entries not seen because what showed them did not run this time (the budget, offline mode): kept. */
  readonly not_checked: readonly BaselineEntry[];
  /** Ids of entries whose reason is still the placeholder (TODO): accepted, and reported as a warning. */
  readonly placeholder_reasons: readonly string[];
}

/** Ids named in the placeholder warning; past it, counted. */
const PLACEHOLDER_IDS_SHOWN = 10;

/** The warning for baseline entries whose reason is still the placeholder, one line; undefined when there are none. */
export function placeholderWarning(baseline: BaselineReport | undefined): string | undefined {
  const ids = baseline?.placeholder_reasons ?? [];
  if (ids.length === 0) return undefined;
  const shown = ids.slice(0, PLACEHOLDER_IDS_SHOWN).join(', ');
  const more = ids.length > PLACEHOLDER_IDS_SHOWN ? ` and ${ids.length - PLACEHOLDER_IDS_SHOWN} more` : '';
  const entries = ids.length === 1 ? 'entry still gives' : 'entries still give';
  return `${ids.length} baseline ${entries} the placeholder reason (TODO): ${shown}${more}. Write why each is accepted in ${baseline?.file ?? 'the baseline'}.`;
}

export interface CoverageReport {
  readonly state_file: string;
  /** The target's key in the state file: its URL without credentials. */
  readonly target: string;
  /** Cases in the suite, and how many of them ran to their end in this run. */
  readonly cases: number;
  readonly checked_this_run: number;
  /** Cases that have never run against this target, this run included. */
  readonly never_checked: readonly string[];
  /** The least recently checked case and when; null when no case has been checked yet. */
  readonly oldest_check: { readonly case: string; readonly checked_at: string } | null;
}

/** What a run hands buildReport: the report's own members, and the figures it words. */
export type ReportInput = Pick<
  ContractReport,
  'mode' | 'spec' | 'target' | 'stopped' | 'findings' | 'baseline' | 'coverage' | 'cases' | 'skipped'
> & {
  readonly targetLabel?: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly requestsSent: number;
  readonly budget: number;
  readonly failOn: FailOn;
  /** Kinds of case the run paid for (see EvidenceReport.kinds), and `--min-judged`. */
  readonly kinds: readonly string[];
  readonly minJudged?: number | undefined;
};

export function buildReport(input: ReportInput): ContractReport {
  const count = (severity: Finding['severity']): number =>
    input.findings.filter((f) => f.status === 'new' && f.severity === severity).length;
  const outcomes = (outcome: CaseOutcome): number => input.cases.filter((c) => c.outcome === outcome).length;
  const evidence = weighEvidence(input);
  const drift = input.findings.some((finding) => failsRun(finding, input.failOn));
  const verdict: Verdict = drift ? 'drift' : evidence.enough ? 'holds' : 'inconclusive';
  return {
    tool: 'fastmoss-kit contract',
    mode: input.mode,
    spec: input.spec,
    target: input.target,
    ...(input.targetLabel === undefined ? {} : { target_label: input.targetLabel }),
    started_at: input.startedAt.toISOString(),
    duration_ms: Math.round(input.durationMs),
    requests_sent: input.requestsSent,
    budget: Number.isFinite(input.budget) ? input.budget : 'unlimited',
    fail_on: input.failOn,
    verdict,
    spec_holds: verdict === 'holds',
    evidence,
    summary: {
      breaking: count('breaking'),
      additive: count('additive'),
      info: count('info'),
      accepted: input.findings.filter((f) => f.status === 'accepted').length,
      resolved: input.baseline?.resolved.length ?? 0,
      cases: {
        passed: outcomes('passed'),
        failed: outcomes('failed'),
        inconclusive: outcomes('inconclusive'),
        skipped: input.skipped.length,
      },
    },
    ...(input.stopped === undefined ? {} : { stopped: input.stopped }),
    findings: input.findings,
    ...(input.baseline === undefined ? {} : { baseline: input.baseline }),
    ...(input.coverage === undefined ? {} : { coverage: input.coverage }),
    cases: input.cases,
    skipped: input.skipped,
  };
}

/** One line on how far the checks of the target reach back (state file runs). */
export function coverageLine(coverage: CoverageReport): string {
  const never = coverage.never_checked.length;
  const oldest = coverage.oldest_check === null ? 'no case checked yet' : `oldest check ${coverage.oldest_check.checked_at}`;
  return `${coverage.checked_this_run} of ${coverage.cases} case(s) checked this run; ${never} never checked against ${coverage.target}; ${oldest}`;
}
