import {
  acceptanceIndex,
  acceptanceOf,
  baselineFromFindings,
  isPlaceholderReason,
  loadBaseline,
  settleBaseline,
  writeBaseline,
  type BaselineFile,
} from './baseline.js';
import type { AcceptanceOf, Finding } from './findings.js';
import type { BaselineReport } from './report.js';
import type { Scrub } from './scrub.js';

/** What a run (live or offline) asks of the baseline, given or not. */
export interface RunBaseline {
  /** How FindingSet tells accepted findings from new ones. */
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
  const index = acceptanceIndex(baseline);
  return {
    acceptance: (id) => acceptanceOf(index(id)),
    settle(findings, checked) {
      if (baseline === undefined) return undefined;
      const { resolved, notChecked } = settleBaseline(baseline, new Set(findings.map((finding) => finding.id)), checked);
      return {
        ...(typeof input === 'string' ? { file: input } : {}),
        entries: baseline.accepted.length,
        resolved,
        not_checked: notChecked,
        placeholder_reasons: baseline.accepted.filter((entry) => isPlaceholderReason(entry.reason)).map((entry) => entry.id),
      };
    },
    write: (path, findings, report, today, scrub) =>
      writeBaseline(path, baselineFromFindings(findings, baseline, report?.not_checked ?? [], today), scrub),
  };
}
