import type { Filter, SortOrder, TopPotentialData, TopPotentialItem, TopPotentialRequest } from '../generated/types.js';
import type { RequestDefaults } from '../openapi/describe.js';
import { withDefaults } from '../openapi/request-defaults.js';
import { isCompleted, resolvePeriod, type Period } from './periods.js';
import { columnsOf, pageOf } from './ranking-columns.js';
import type { Universe } from './universe.js';

/** A validated request with every default applied and its period resolved. */
export interface RankingQuery {
  readonly filter: Filter;
  readonly order: SortOrder;
  readonly page: number;
  readonly pagesize: number;
  readonly period: Period;
}

/** A validated request with the spec's defaults applied and its period resolved against the clock. */
export function toRankingQuery(request: TopPotentialRequest, defaults: RequestDefaults, now: Date): RankingQuery {
  const { filter, order, page, pagesize } = withDefaults(request, defaults);
  return { filter, order, page, pagesize, period: resolvePeriod(filter.date_info, now) };
}

/**
 * One page of the ranking: the matches of the filter, in the requested order, sliced. `total` counts every
 * match; a page past the end is empty with the same total; a period not yet completed has no data.
 */
export function queryRanking(universe: Universe, query: RankingQuery, now: Date): TopPotentialData {
  const period = query.period;
  const head = { date_type: period.type, date_value: period.value };
  if (!isCompleted(period, now)) return { list: [], total: '0', ...head };
  const from = (query.page - 1) * query.pagesize;
  const { list, total } = pageOf(columnsOf(universe.ranking(period, query.filter.region)[query.order]), query.filter, from, from + query.pagesize);
  // The list is shared by every request for this page (frozen): read it, do not change it.
  return { list: list as TopPotentialItem[], total: String(total), ...head };
}
