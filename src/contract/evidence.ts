import type { CaseReport, ReportInput } from './report.js';

/** Whether a run judged enough to give a verdict: a run that judged too little is inconclusive, never "the spec holds". */
export interface EvidenceReport {
  /** Cases that ran and ended passed or failed (an inconclusive or skipped case judged nothing). */
  readonly judged: number;
  /** `--min-judged`: the fewest judged cases a verdict needs; null for the default rule, one judged case of each kind. */
  readonly min_judged: number | null;
  /** Kinds (categories) of the cases the plan paid for, i.e. that send at least one request (offline: `offline`). */
  readonly kinds: readonly string[];
  /** Those of `kinds` no case of which was judged. */
  readonly unjudged_kinds: readonly string[];
  readonly enough: boolean;
  /** Why not, in words; null when enough was judged. */
  readonly why: string | null;
}

export function weighEvidence(input: Pick<ReportInput, 'cases' | 'kinds' | 'minJudged' | 'stopped'>): EvidenceReport {
  const judgedCases = input.cases.filter((c) => c.outcome === 'passed' || c.outcome === 'failed');
  const judgedKinds = new Set(judgedCases.map((c) => c.category));
  const unjudged = input.kinds.filter((kind) => !judgedKinds.has(kind as CaseReport['category']));
  const judged = judgedCases.length;
  const minJudged = input.minJudged ?? null;
  const enough = judged > 0 && (minJudged === null ? unjudged.length === 0 : judged >= minJudged);
  const stopped = input.stopped === undefined ? '' : `; the run stopped: ${input.stopped.detail}`;
  const needs =
    minJudged !== null
      ? `a verdict needs at least ${minJudged} (--min-judged)`
      : unjudged.length > 0
        ? `none of kind ${unjudged.join(', ')}; a verdict needs a passed or failed case of each kind the run paid for`
        : 'a verdict needs at least one';
  const why = enough
    ? null
    : `${judged} case(s) judged, ${needs}${stopped}. Look at the skipped and inconclusive cases; raise --budget or --timeout-s, or set --min-judged.`;
  return { judged, min_judged: minJudged, kinds: input.kinds, unjudged_kinds: unjudged, enough, why };
}
