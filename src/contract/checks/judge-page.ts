import { showValue } from '../../openapi/describe-ajv-error.js';
import { FILTER_SEMANTICS } from './filter-semantics.js';
import { dig } from '../json-value.js';
import type { Observation } from '../findings.js';
import type { SpecFacts } from '../spec-facts.js';

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
  // The same check failing on many items is one observation with a count: its first failure is described, the
  // others only counted, so that a page of 100,000 bad items costs no more than its items.
  const firsts = new Map<string, { observation: Observation; count: number }>();
  const note = (key: string, describe: () => Observation): void => {
    const known = firsts.get(key);
    if (known !== undefined) known.count++;
    else firsts.set(key, { observation: describe(), count: 1 });
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
      note('sort', () => ({
        kind: 'semantics-sort',
        path: `$.data.list[*].${field}`,
        rule: `orderby ${order}`,
        expected: `${field} ${order === 'asc' ? 'non-decreasing' : 'non-increasing'} (order ${order})`,
        observed: `${showValue(before)} then ${showValue(after)} at items ${i - 1} and ${i}`,
        at: `$.data.list[${i}].${field}`,
      }));
      continue;
    }
    const uids = [dig(list[i - 1], 'uid'), dig(list[i], 'uid')];
    if (before === after && typeof uids[0] === 'string' && typeof uids[1] === 'string' && uids[0] > uids[1]) {
      note('ties', () => ({
        kind: 'sort-ties',
        path: '$.data.list[*].uid',
        expected: `ties on ${field} ordered by uid ascending (the spec's decision; production may choose otherwise)`,
        observed: `uid ${String(uids[0])} before ${String(uids[1])} at equal ${field} ${before}`,
        at: `$.data.list[${i}].uid`,
      }));
    }
  }

  const filter = dig(request, 'filter');
  for (const [name, value] of Object.entries(typeof filter === 'object' && filter !== null ? filter : {})) {
    const semantics = FILTER_SEMANTICS[name];
    if (semantics === undefined) continue;
    const check = `filter.${name}`;
    const judge = (verdict: boolean | undefined, shown: unknown, at: () => string): void => {
      if (verdict === undefined) return;
      count(check);
      if (!verdict)
        note(check, () => ({
          kind: 'semantics-filter',
          path: check,
          expected: semantics.expected(value),
          observed: semantics.shows(shown),
          at: at(),
        }));
    };
    if (semantics.judgeData) judge(semantics.judgeData(data, value), data, () => '$.data');
    else list.forEach((item, index) => judge(semantics.judgeItem?.(item, value), item, () => `$.data.list[${index}]`));
  }
  for (const { observation, count: times } of firsts.values())
    observations.push(times === 1 ? observation : { ...observation, count: times });
  return { observations, judged };
}
