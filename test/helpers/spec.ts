import { resolveSpec } from '../../src/openapi/describe.js';
import { requestValidatorFor } from '../../src/openapi/request-validator.js';

/** The kit's own spec: its description, and the document it describes. */
export const api = resolveSpec();
export const spec = api.doc;
export const validateRequest = requestValidatorFor(api);
