import { createCanonicalizer, sortedJson } from '../openapi/canonical-request.js';
import type { ApiDescription } from '../openapi/describe.js';
import { requestValidatorFor } from '../openapi/request-validator.js';

/**
 * The key a request is matched by: the canonical form when the spec accepts it (key order and default values do
 * not matter), else its JSON with sorted keys. No body and `{}` are the same request.
 */
export function createRequestKey(api: ApiDescription): (body: unknown) => string {
  const validate = requestValidatorFor(api);
  const canonical = createCanonicalizer(api);
  return (body) => {
    const value = body === undefined ? {} : body;
    const verdict = validate(value);
    return verdict.ok ? `valid ${canonical(verdict.request)}` : `invalid ${sortedJson(value)}`;
  };
}
