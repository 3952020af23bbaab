import type { ExchangeRequest } from './exchange.js';
import { findingId } from './finding-id.js';
import { FindingSet, type AcceptanceOf, type Finding, type Observation } from './findings.js';

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
    acceptance: AcceptanceOf,
  ) {
    this.own = new FindingSet(acceptance);
  }

  add(observation: Observation, request?: ExchangeRequest): void {
    const source = { case: this.caseName, ...(request === undefined ? {} : { request }) };
    const id = findingId(observation);
    const first = this.run.firstCase(id) ?? this.caseName;
    this.run.add(observation, source);
    if (first === this.caseName) this.own.add(observation, source);
    else this.again.add(id);
  }

  /** The findings this case showed first. */
  findings(): Finding[] {
    return this.own.list();
  }

  /** Ids of findings an earlier case showed first that this case's answers showed again: `{ seen_again }`, or nothing. */
  seenAgain(): { seen_again?: readonly string[] } {
    return this.again.size === 0 ? {} : { seen_again: [...this.again].sort() };
  }
}
