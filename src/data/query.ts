import type { Filter, SortOrder, TopPotentialData, TopPotentialItem, TopPotentialRequest } from '../generated/types.js';
import type { RequestDefaults } from '../openapi/describe.js';
import { withDefaults } from '../openapi/request-defaults.js';
import { isCompleted, resolvePeriod, type Period } from './periods.js';
import { pageOf } from './ranking-pages.js';
import type { PeriodRanking } from './rankings.js';

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

/** Only a completed period has data, and needs its ranking. */
export const needsRanking = (query: RankingQuery, now: Date): boolean => isCompleted(query.period, now);

/**
 * One page of the ranking: the matches of the filter, in the requested order, sliced. `ranking` is the period's
 * ranking of the filter's region (of every region without one), undefined for a period not yet completed, which has
 * no data. `total` counts every match; a page past the end is empty with the same total.
 */
export function queryRanking(ranking: PeriodRanking | undefined, query: RankingQuery): TopPotentialData {
  const head = { date_type: query.period.type, date_value: query.period.value };
  if (ranking === undefined) return { list: [], total: '0', ...head };
  const from = (query.page - 1) * query.pagesize;
  const { list, total } = pageOf(ranking[query.order], query.filter, from, from + query.pagesize);
  // The list is shared by every request for this page (frozen): read it, do not change it.
  return { list: list as TopPotentialItem[], total: String(total), ...head };
}
