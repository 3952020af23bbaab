import { stringify } from 'safe-stable-stringify';
import type { TopPotentialRequest } from '../generated/types.js';
import type { ApiDescription } from './describe.js';
import { withDefaults } from './request-defaults.js';

/** JSON with object keys sorted at every level, so member order never matters. */
export const sortedJson = (value: unknown): string => stringify(value) ?? 'null';

/**
 * The canonical form of a request the spec accepts: the spec's defaults written in (page, pagesize, the sort
 * key and order), an empty filter dropped, keys sorted. Two requests that ask the same thing get the same text.
 */
export function createCanonicalizer(api: ApiDescription): (request: TopPotentialRequest) => string {
  return (request) => {
    const { filter, sortField, order, page, pagesize } = withDefaults(request, api.defaults);
    return sortedJson({ ...(Object.keys(filter).length > 0 ? { filter } : {}), orderby: [{ field: sortField, order }], page, pagesize });
  };
}
