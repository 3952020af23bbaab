import { showValue } from '../openapi/describe-ajv-error.js';
import { dig, FILTER_SEMANTICS } from './filter-semantics.js';
import type { Observation } from './findings.js';
import type { SpecFacts } from './spec-facts.js';

export interface PageJudgement {
  readonly observations: readonly Observation[];
  /** How many items (or pages) each check could judge: `filter.<name>`, `sort`, `pagesize`. */
  readonly judged: Readonly<Record<string, number>>;
}

/**
 * The semantics one successful answer shows on its own, for the request (already accepted by the spec) that got
 * it: at most `pagesize` items, ranked by the sort field in the requested order, every item honouring every
 * filter. How ties are ordered is the target's choice: a tie order other than uid ascending is info only.
 */
export function judgePage(facts: SpecFacts, request: unknown, data: unknown): PageJudgement {
  const observations: Observation[] = [];
  const judged: Record<string, number> = {};
  const count = (check: string, n = 1): void => {
    judged[check] = (judged[check] ?? 0) + n;
  };
  const list = dig(data, 'list');
  if (!Array.isArray(list)) return { observations, judged };

  const pagesize = (dig(request, 'pagesize') ?? facts.defaults.pagesize) as number;
  count('pagesize');
  if (list.length > pagesize) {
    observations.push({
      kind: 'semantics-pagination',
      path: '$.data.list',
      rule: 'pagesize',
      expected: `at most ${pagesize} items (pagesize)`,
      observed: `${list.length} items`,
    });
  }

  const order = (dig(request, 'orderby', 0, 'order') ?? facts.defaults.order) as string;
  const field = facts.defaults.sortField;
  for (let i = 1; i < list.length; i++) {
    const before = dig(list[i - 1], field);
    const after = dig(list[i], field);
    if (typeof before !== 'number' || typeof after !== 'number') continue;
    count('sort');
    const inOrder = order === 'asc' ? before <= after : before >= after;
    if (!inOrder) {
      observations.push({
        kind: 'semantics-sort',
        path: `$.data.list[*].${field}`,
        rule: `orderby ${order}`,
        expected: `${field} ${order === 'asc' ? 'non-decreasing' : 'non-increasing'} (order ${order})`,
        observed: `${showValue(before)} then ${showValue(after)} at items ${i - 1} and ${i}`,
        at: `$.data.list[${i}].${field}`,
      });
      continue;
    }
    const uids = [dig(list[i - 1], 'uid'), dig(list[i], 'uid')];
    if (before === after && typeof uids[0] === 'string' && typeof uids[1] === 'string' && uids[0] > uids[1]) {
      observations.push({
        kind: 'sort-ties',
        path: '$.data.list[*].uid',
        expected: `ties on ${field} ordered by uid ascending (the spec's decision; production may choose otherwise)`,
        observed: `uid ${uids[0]} before ${uids[1]} at equal ${field} ${before}`,
        at: `$.data.list[${i}].uid`,
      });
    }
  }

  const filter = dig(request, 'filter');
  for (const [name, value] of Object.entries(typeof filter === 'object' && filter !== null ? filter : {})) {
    const semantics = FILTER_SEMANTICS[name];
    if (semantics === undefined) continue;
    const check = `filter.${name}`;
    const fail = (shown: unknown, at: string): void => {
      observations.push({
        kind: 'semantics-filter',
        path: check,
        expected: semantics.expected(value),
        observed: semantics.shows(shown),
        at,
      });
    };
    const verdicts: [boolean | undefined, unknown, string][] = semantics.judgeData
      ? [[semantics.judgeData(data, value), data, '$.data']]
      : list.map((item, index) => [semantics.judgeItem?.(item, value), item, `$.data.list[${index}]`]);
    for (const [verdict, shown, at] of verdicts) {
      if (verdict === undefined) continue;
      count(check);
      if (!verdict) fail(shown, at);
    }
  }
  return { observations, judged };
}
