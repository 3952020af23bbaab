import type { ExtensionRule } from '../../openapi/rules.js';
import type { SpecFacts } from '../spec-facts.js';

/** A request body one step inside an extension rule (the spec accepts it) and one step outside (it refuses it). */
export interface RuleCase {
  readonly inside: unknown;
  readonly outside: unknown;
}

const period = (type: string, value: string): unknown => ({ filter: { date_info: { type, value } } });
const range = (min: number, max: number): unknown => ({ filter: { follower_count_range: { min, max } } });

/**
 * One inside and one outside case per x-rules id, and only here: a test fails when the spec has a rule this map
 * lacks, or this map has an id the spec does not.
 */
export const RULE_CASES: Readonly<Record<string, (rule: ExtensionRule, facts: SpecFacts) => RuleCase>> = {
  'page-window': (rule, facts) => {
    const pagesize = facts.defaults.pagesize;
    const lastPage = Math.floor((rule.limit ?? 0) / pagesize);
    return { inside: { page: lastPage, pagesize }, outside: { page: lastPage + 1, pagesize } };
  },
  'follower-range-order': () => ({ inside: range(100_000, 100_000), outside: range(100_001, 100_000) }),
  // 2024 is a leap year, 2026 is not.
  'day-is-calendar-date': () => ({ inside: period('day', '2024-02-29'), outside: period('day', '2026-02-29') }),
  // ISO 2026 has 53 weeks, 2027 has 52; written YYYY-WW as the vendor's page does.
  'week-exists': () => ({ inside: period('week', '2026-53'), outside: period('week', '2027-53') }),
  'month-in-range': () => ({ inside: period('month', '2026-12'), outside: period('month', '2026-13') }),
};
