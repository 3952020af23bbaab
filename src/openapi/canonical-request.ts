import type { TopPotentialRequest } from '../generated/types.js';
import type { SpecDocument } from './load-spec.js';
import { requestDefaults } from './request-validator.js';

/** JSON with object keys sorted at every level, so member order never matters. */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The canonical form of a request the spec accepts: the spec's defaults written in (page, pagesize, the sort
 * key and order), an empty filter dropped, keys sorted. Two requests that ask the same thing get the same text.
 */
export function createCanonicalizer(doc: SpecDocument): (request: TopPotentialRequest) => string {
  const defaults = requestDefaults(doc);
  const [sortField] = (doc.components.schemas['OrderByField'] as { enum: string[] }).enum;
  return (request) => {
    const [order] = request.orderby ?? [];
    const filter = request.filter && Object.keys(request.filter).length > 0 ? { filter: request.filter } : {};
    return sortedJson({
      ...filter,
      orderby: [{ field: order?.field ?? sortField, order: order?.order ?? defaults.order }],
      page: request.page ?? defaults.page,
      pagesize: request.pagesize ?? defaults.pagesize,
    });
  };
}
