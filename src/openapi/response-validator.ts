import { createSpecAjv } from './ajv.js';
import { describeAjvError, meaningfulErrors, type Violation } from './describe-ajv-error.js';
import type { ApiDescription } from './describe.js';
import type { JsonSchema } from './json-schema.js';

export interface ResponseVerdict {
  readonly valid: boolean;
  readonly errors: readonly Violation[];
}

export type ResponseValidator = (status: number, body: unknown) => ResponseVerdict;

/**
 * Validates response bodies against the spec, per status (openapi-backend's `validateResponse` shape). Every
 * error is collected. `transform` lets a caller derive a stricter view of each schema (the contract suite's
 * no-additional-properties view) without writing the schemas again.
 */
export function createResponseValidator(
  api: ApiDescription,
  transform: (schema: JsonSchema) => JsonSchema = (schema) => schema,
): ResponseValidator {
  const ajv = createSpecAjv(api.doc, { allErrors: true, transform });
  const compiled = new Map(
    api.statuses.map((status) => {
      const schema = api.responseSchema(status);
      return [status, schema === undefined ? undefined : ajv.compile(transform(schema))] as const;
    }),
  );
  return (status, body) => {
    if (!compiled.has(status)) {
      return {
        valid: false,
        errors: [{ field: 'status', rule: 'status', message: `status ${status} is not documented for this operation.` }],
      };
    }
    const validate = compiled.get(status);
    if (validate === undefined || validate(body)) return { valid: true, errors: [] };
    return { valid: false, errors: meaningfulErrors(validate.errors).map(describeAjvError) };
  };
}
