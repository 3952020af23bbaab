import type { Filter, SortOrder, TopPotentialRequest } from '../generated/types.js';
import type { RequestDefaults } from './describe.js';

/** A request the spec accepts, with every member it left out filled in from the spec's defaults. */
export interface CompleteRequest {
  readonly filter: Filter;
  readonly sortField: string;
  readonly order: SortOrder;
  readonly page: number;
  readonly pagesize: number;
}

/** The one place request defaults are applied (the data layer, the canonical form, the rules and the suite's page judge). */
export function withDefaults(request: TopPotentialRequest, defaults: RequestDefaults): CompleteRequest {
  const [first] = request.orderby ?? [];
  return {
    filter: request.filter ?? {},
    sortField: first?.field ?? defaults.sortField,
    order: first?.order ?? defaults.order,
    page: request.page ?? defaults.page,
    pagesize: request.pagesize ?? defaults.pagesize,
  };
}
