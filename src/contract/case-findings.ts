import type { ExchangeRequest } from './exchange.js';
import { failsRun, findingId, FindingSet, type FailOn, type Observation } from './findings.js';
import type { CaseOutcome, CaseReport } from './report.js';

/**
 * What one case observed, and the run's findings it adds to. A finding belongs to the case whose answer showed it
 * first: that case lists it (and fails on it when it is new and at the threshold). A later case whose answers show it
 * again (a schema change is in every page) only names it as seen again, so one change fails one case, and a case
 * fails for what it is about.
 */
export class CaseFindings {
  private readonly own: FindingSet;
  private readonly again = new Set<string>();

  constructor(
    private readonly run: FindingSet,
    private readonly caseName: string,
  ) {
    this.own = new FindingSet(run.acceptanceOf);
  }

  add(observation: Observation, request?: ExchangeRequest): void {
    const source = { case: this.caseName, ...(request === undefined ? {} : { request }) };
    const id = findingId(observation);
    const first = this.run.firstCase(id) ?? this.caseName;
    this.run.add(observation, source);
    if (first === this.caseName) this.own.add(observation, source);
    else this.again.add(id);
  }

  /** The case's report: failed when a finding it showed first fails the run, else the outcome the case gave. */
  report(
    category: CaseReport['category'],
    verdict: { readonly outcome: CaseOutcome; readonly note?: string | undefined },
    requests: number,
    failOn: FailOn,
  ): CaseReport {
    const findings = this.own.list();
    return {
      name: this.caseName,
      category,
      outcome: findings.some((finding) => failsRun(finding, failOn)) ? 'failed' : verdict.outcome,
      ...(verdict.note === undefined ? {} : { note: verdict.note }),
      requests,
      findings,
      ...(this.again.size === 0 ? {} : { seen_again: [...this.again].sort() }),
    };
  }
}
