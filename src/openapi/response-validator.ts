import type { OpenAPIV3_1 } from 'openapi-types';
import { createSpecAjv } from './ajv.js';
import { describeAjvError, meaningfulErrors, type Violation } from './describe-ajv-error.js';
import { describeEndpoint } from './endpoint.js';
import { toStandaloneSchema, type JsonSchema } from './json-schema.js';
import type { SpecDocument } from './load-spec.js';

export interface ResponseVerdict {
  readonly valid: boolean;
  readonly errors: readonly Violation[];
}

export type ResponseValidator = (status: number, body: unknown) => ResponseVerdict;

/** A response object of the operation, with any `$ref` to components.responses followed. */
export function operationResponse(doc: SpecDocument, status: number): OpenAPIV3_1.ResponseObject | undefined {
  const entry = describeEndpoint(doc).operation.responses?.[String(status)];
  if (!entry) return undefined;
  const ref = (entry as OpenAPIV3_1.ReferenceObject).$ref;
  if (ref === undefined) return entry as OpenAPIV3_1.ResponseObject;
  const name = ref.replace('#/components/responses/', '');
  return doc.components.responses?.[name] as OpenAPIV3_1.ResponseObject | undefined;
}

/** The JSON body schema the spec gives for a status, or undefined when the spec has none. */
export function responseSchema(doc: SpecDocument, status: number): JsonSchema | undefined {
  const schema = operationResponse(doc, status)?.content?.['application/json']?.schema;
  return schema === undefined ? undefined : toStandaloneSchema(schema);
}

/** Statuses the operation documents, as numbers, ascending. */
export function documentedStatuses(doc: SpecDocument): number[] {
  return Object.keys(describeEndpoint(doc).operation.responses ?? {}).map(Number).sort((a, b) => a - b);
}

/**
 * Validates response bodies against the spec, per status (openapi-backend's `validateResponse` shape). Every
 * error is collected. `transform` lets a caller derive a stricter view of each schema (the contract suite's
 * no-additional-properties view) without writing the schemas again.
 */
export function createResponseValidator(
  doc: SpecDocument,
  transform: (schema: JsonSchema) => JsonSchema = (schema) => schema,
): ResponseValidator {
  const ajv = createSpecAjv(doc, { allErrors: true, transform });
  const compiled = new Map(
    documentedStatuses(doc).map((status) => {
      const schema = responseSchema(doc, status);
      return [status, schema === undefined ? undefined : ajv.compile(transform(schema))] as const;
    }),
  );
  return (status, body) => {
    if (!compiled.has(status)) {
      return { valid: false, errors: [{ field: 'status', rule: 'status', message: `status ${status} is not documented for this operation.` }] };
    }
    const validate = compiled.get(status);
    if (validate === undefined || validate(body)) return { valid: true, errors: [] };
    return { valid: false, errors: meaningfulErrors(validate.errors).map(describeAjvError) };
  };
}
