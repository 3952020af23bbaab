import { loadSpec } from '../../src/spec/load-spec.js';
import { createRequestValidator } from '../../src/spec/request-validator.js';

export const spec = loadSpec();
export const validateRequest = createRequestValidator(spec);
