import type { TopPotentialRequest } from '../generated/types.js';
import type { RequestDefaults } from './describe.js';

/**
 * A request the spec accepts, with every member it left out filled in from the spec's defaults: the one place they are
 * applied (the data layer, the canonical form, the rules and the suite's page judge).
 */
export function withDefaults(request: TopPotentialRequest, defaults: RequestDefaults) {
  const [first] = request.orderby ?? [];
  return {
    filter: request.filter ?? {},
    sortField: first?.field ?? defaults.sortField,
    order: first?.order ?? defaults.order,
    page: request.page ?? defaults.page,
    pagesize: request.pagesize ?? defaults.pagesize,
  };
}
