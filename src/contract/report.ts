import type { CaseCategory } from './cases.js';
import type { StopReason } from './contract-errors.js';
import { isDrift, type FailOn, type Finding } from './findings.js';
import type { SkippedCase } from './planner.js';

export type CaseOutcome = 'passed' | 'failed' | 'inconclusive';

export interface CaseReport {
  readonly name: string;
  readonly category: CaseCategory | 'offline';
  readonly outcome: CaseOutcome;
  readonly note?: string;
  /** Requests the case sent (offline: 0). */
  readonly requests: number;
  /** What this case observed, de-duplicated within the case. */
  readonly findings: readonly Finding[];
}

/** Everything a run learnt: drift.json is this object, drift.md and the TAP stream are views of it. */
export interface ContractReport {
  readonly tool: 'fastmoss-kit contract';
  readonly mode: 'live' | 'offline';
  readonly spec: { readonly title: string; readonly version: string };
  /** Base URL (no credentials) or, offline, the fixtures directory. */
  readonly target: string;
  readonly target_label?: string;
  readonly started_at: string;
  readonly duration_ms: number;
  readonly requests_sent: number;
  readonly budget: number | 'unlimited';
  readonly fail_on: FailOn;
  /** No drift at the fail-on threshold: the spec still describes the target. */
  readonly spec_holds: boolean;
  readonly summary: {
    readonly breaking: number;
    readonly additive: number;
    readonly info: number;
    readonly cases: Readonly<Record<CaseOutcome | 'skipped', number>>;
  };
  /** Set when the run stopped before its plan was done. */
  readonly stopped?: { readonly reason: StopReason; readonly detail: string };
  readonly findings: readonly Finding[];
  readonly cases: readonly CaseReport[];
  readonly skipped: readonly SkippedCase[];
}

export interface ReportInput {
  readonly mode: 'live' | 'offline';
  readonly spec: { readonly title: string; readonly version: string };
  readonly target: string;
  readonly targetLabel?: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly requestsSent: number;
  readonly budget: number;
  readonly failOn: FailOn;
  readonly stopped?: { readonly reason: StopReason; readonly detail: string };
  readonly findings: readonly Finding[];
  readonly cases: readonly CaseReport[];
  readonly skipped: readonly SkippedCase[];
}

export function buildReport(input: ReportInput): ContractReport {
  const count = (severity: Finding['severity']): number => input.findings.filter((f) => f.severity === severity).length;
  const outcomes = (outcome: CaseOutcome): number => input.cases.filter((c) => c.outcome === outcome).length;
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
    spec_holds: !input.findings.some((finding) => isDrift(finding, input.failOn)),
    summary: {
      breaking: count('breaking'),
      additive: count('additive'),
      info: count('info'),
      cases: { passed: outcomes('passed'), failed: outcomes('failed'), inconclusive: outcomes('inconclusive'), skipped: input.skipped.length },
    },
    ...(input.stopped === undefined ? {} : { stopped: input.stopped }),
    findings: input.findings,
    cases: input.cases,
    skipped: input.skipped,
  };
}
