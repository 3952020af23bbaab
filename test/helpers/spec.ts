import { loadSpec } from '../../src/openapi/load-spec.js';
import { createRequestValidator } from '../../src/openapi/request-validator.js';

export const spec = loadSpec();
export const validateRequest = createRequestValidator(spec);
