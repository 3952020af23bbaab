import { resolveSpec } from '../../src/openapi/describe.js';
import { requestValidatorFor } from '../../src/openapi/request-validator.js';

/** The kit's own spec: its description, and the document it describes. */
export const api = resolveSpec();
export const spec = api.doc;
export const validateRequest = requestValidatorFor(api);

/** The ids of the operation's `x-rules` as the document writes them, read without the kit's rule parser. */
export const writtenRuleIds = (): string[] => {
  const operation = spec.paths[api.path]?.post as unknown as { 'x-rules': { id: string }[] };
  return operation['x-rules'].map((rule) => rule.id);
};
