import type { OpenAPIV3_1 } from 'openapi-types';
import { resolveSpec } from '../openapi/describe.js';
import type { SpecDocument } from '../openapi/load-spec.js';
import { requestValidatorFor } from '../openapi/request-validator.js';
import { createResponseValidator } from '../openapi/response-validator.js';
import { isRecord } from './json-value.js';

/** A `#/components/examples/X` reference followed; anything else as it is. */
const EXAMPLES = '#/components/examples/';

function exampleValue(doc: SpecDocument, example: unknown): unknown {
  const ref = isRecord(example) ? example['$ref'] : undefined;
  const named = typeof ref === 'string' && ref.startsWith(EXAMPLES) ? doc.components.examples?.[ref.slice(EXAMPLES.length)] : example;
  return isRecord(named) ? named['value'] : undefined;
}

/**
 * The examples of the operation (request bodies, and success answers) a spec no longer accepts, each named with its
 * first violation: after a proposal retypes or narrows what they show, a person updates them (the vendor's example is
 * the vendor's, so no tool rewrites it); the spec linters would report the same.
 */
export function staleExamples(doc: SpecDocument): string[] {
  const api = resolveSpec(doc);
  const validateRequest = requestValidatorFor(api);
  const stale: string[] = [];
  // describeSpec refused a spec whose operation has no JSON request body.
  const media = (api.operation.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json'] as OpenAPIV3_1.MediaTypeObject;
  for (const [name, example] of Object.entries(media.examples ?? {})) {
    const verdict = validateRequest(exampleValue(doc, example));
    if (!verdict.ok) stale.push(`request example ${name}: ${verdict.violation.message}`);
  }
  const validateResponse = createResponseValidator(api);
  const success = api.operation.responses?.['200'] as OpenAPIV3_1.ResponseObject | undefined;
  for (const [name, example] of Object.entries(success?.content?.['application/json']?.examples ?? {})) {
    const [first] = validateResponse(200, exampleValue(doc, example)).errors;
    if (first !== undefined) stale.push(`HTTP 200 example ${name}: ${first.message}`);
  }
  return stale;
}
