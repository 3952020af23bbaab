import t from 'tap';
import { describeSpec } from '../../src/openapi/describe.js';
import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { meaningfulErrors } from '../../src/openapi/describe-ajv-error.js';
import { withoutConditionals } from '../../scripts/generate-types.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { ruleChecks } from '../../src/openapi/rule-checks.js';
import { api, spec } from '../helpers/spec.js';

const operationOf = (doc: SpecDocument) => doc.paths['/creator/v1/rank/topPotential']?.post as Record<string, unknown>;

t.test('a status without a body schema accepts any body; an operation without responses documents none', async (t) => {
  const copy = structuredClone(spec);
  delete (copy.components.responses?.['ServiceError'] as { content?: unknown }).content;
  t.equal(describeSpec(copy).responseSchema(500), undefined);
  t.same(createResponseValidator(describeSpec(copy))(500, 'anything'), { valid: true, errors: [] });
  const none = structuredClone(spec);
  delete operationOf(none)['responses'];
  t.same(describeSpec(none).statuses, []);
  t.same(createResponseValidator(describeSpec(none))(200, {}).errors, [
    { field: 'status', rule: 'status', message: 'status 200 is not documented for this operation.' },
  ]);
});

t.test('a transform derives a stricter view of every schema', async (t) => {
  const forbidExtra = (schema: Record<string, unknown>) => (schema['properties'] ? { ...schema, additionalProperties: false } : schema);
  const strict = createResponseValidator(api, forbidExtra);
  const body = { code: 40001, data: null, message: 'm', timestamp: 1, request_id: '7d9f1b3c-5e7a-4c9e-8b0d-2a4c6e8a0b35', extra: 1 };
  t.equal(createResponseValidator(api)(500, body).valid, true);
  t.match(strict(500, body).errors, [{ field: 'extra', rule: 'additionalProperties' }]);
});

t.test('small pieces with branches the spec itself does not reach', async (t) => {
  t.same(meaningfulErrors(null), []);
  const rule = { id: 'page-window', field: 'page', when: 'always', description: 'd', message: 'm' };
  t.equal(
    ruleChecks['page-window']?.({ page: 1000, pagesize: 100 }, rule, {
      page: 1,
      pagesize: 10,
      order: 'desc',
      sortField: 'potential_index',
    }),
    undefined,
  );
  t.same(withoutConditionals({ type: 'object', allOf: [{ if: {}, then: {} }, { required: ['a'] }] }), {
    type: 'object',
    allOf: [{ required: ['a'] }],
  });
  t.same(withoutConditionals({ if: {}, then: {}, else: {}, type: 'string' }), { type: 'string' });
});
