import { readFileSync } from 'node:fs';
import type { OpenAPIV3_1 } from 'openapi-types';
import t from 'tap';
import { describeEndpoint } from '../../src/openapi/describe.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { api, spec, validateRequest } from '../helpers/spec.js';
import { VENDOR_EXAMPLE_FILE, vendorExampleJson } from '../../scripts/vendor-example.js';

const validateResponse = createResponseValidator(api);
const vendorExample: unknown = JSON.parse(readFileSync(new URL('../../fixtures/vendor-example-response.json', import.meta.url), 'utf8'));

t.test("the vendor's example response validates against the spec's 200 schema", async (t) => {
  t.same(validateResponse(200, vendorExample), { valid: true, errors: [] });
});

t.test('the fixture file is what `npm run generate` derives from the example inline in the spec, not a second copy', async (t) => {
  const file = readFileSync(new URL(`../../${VENDOR_EXAMPLE_FILE}`, import.meta.url), 'utf8');
  t.equal(file, vendorExampleJson(spec), 'stale: run `npm run generate` and commit the result with the spec change');
  const without = structuredClone(spec);
  delete without.components.examples;
  t.throws(() => vendorExampleJson(without), /no components\.examples\.VendorExampleResponse/);
});

t.test('the spec is self-contained: no example in a file, every $ref inside the document', async (t) => {
  const external: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'externalValue' || (key === '$ref' && !String(value).startsWith('#'))) external.push(`${at}.${key}`);
      walk(value, `${at}.${key}`);
    }
  };
  walk(spec, '$');
  t.same(external, []);
});

t.test('the response validator reports what breaks, with field paths', async (t) => {
  const broken = structuredClone(vendorExample) as { data: { total: unknown; list: Record<string, unknown>[] } };
  broken.data.total = 17;
  delete broken.data.list[0]?.['gmv'];
  const verdict = validateResponse(200, broken);
  t.equal(verdict.valid, false);
  t.match(verdict.errors, [
    { field: 'data.list[0].gmv', rule: 'required' },
    { field: 'data.total', rule: 'type' },
  ]);
  t.match(validateResponse(418, {}).errors, [{ field: 'status', message: /418 is not documented/ }]);
});

t.test("every request example in the spec is accepted by the spec's validator", async (t) => {
  const body = describeEndpoint(spec).operation.requestBody as OpenAPIV3_1.RequestBodyObject;
  const examples = Object.entries(body.content['application/json']?.examples ?? {});
  t.ok(examples.length >= 3);
  for (const [name, example] of examples) {
    t.same(
      validateRequest((example as OpenAPIV3_1.ExampleObject).value),
      { ok: true, request: (example as OpenAPIV3_1.ExampleObject).value },
      name,
    );
  }
});

t.test('every vendor error code has an example, valid against the schema of its status', async (t) => {
  const codesWithExamples = new Set<number>();
  for (const status of api.statuses.filter((s) => s >= 400)) {
    const entry = api.operation.responses?.[String(status)] as OpenAPIV3_1.ReferenceObject;
    const response = spec.components.responses?.[entry.$ref.replace('#/components/responses/', '')] as OpenAPIV3_1.ResponseObject;
    const examples = Object.values(response.content?.['application/json']?.examples ?? {}) as OpenAPIV3_1.ExampleObject[];
    t.ok(examples.length > 0, `status ${status} has an example`);
    for (const example of examples) {
      t.same(validateResponse(status, example.value), { valid: true, errors: [] }, `status ${status}`);
      codesWithExamples.add((example.value as { code: number }).code);
    }
  }
  const codes = spec.components.schemas['ErrorCode']?.enum as number[];
  t.same([...codesWithExamples].sort(), [...codes].sort());
});

t.test('an error envelope with the wrong code for its status is refused', async (t) => {
  const verdict = validateResponse(429, {
    code: 10001,
    data: null,
    message: 'x',
    timestamp: 1,
    request_id: '7d9f1b3c-5e7a-4c9e-8b0d-2a4c6e8a0b35',
  });
  t.match(verdict.errors, [{ field: 'code', rule: 'const' }]);
});
