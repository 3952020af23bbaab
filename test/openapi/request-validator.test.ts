import type { ErrorObject } from 'ajv';
import t from 'tap';
import { describeAjvError, fieldPath, showValue } from '../../src/openapi/describe-ajv-error.js';
import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { describeSpec } from '../../src/openapi/describe.js';
import { createRequestValidator } from '../../src/openapi/request-validator.js';
import { api, spec, validateRequest } from '../helpers/spec.js';

const rejects = (body: unknown): { field: string; rule: string; message: string } => {
  const verdict = validateRequest(body);
  if (verdict.ok) throw new Error(`expected ${JSON.stringify(body)} to be rejected`);
  return verdict.violation;
};

t.test('the schema is read from the spec, with its defaults', async (t) => {
  t.equal(api.requestSchemaName, 'TopPotentialRequest');
  t.same(api.defaults, { page: 1, pagesize: 10, order: 'desc', sortField: 'potential_index' });
});

t.test('accepted bodies pass through unchanged (no defaults written, nothing removed)', async (t) => {
  const body = { filter: { region: 'US' }, page: 2 };
  t.same(validateRequest(body), { ok: true, request: { filter: { region: 'US' }, page: 2 } });
  t.same(body, { filter: { region: 'US' }, page: 2 });
});

t.test('messages name the field, the rule and the offending value', async (t) => {
  t.same(rejects({ pagesiz: 1 }), {
    field: 'pagesiz',
    rule: 'additionalProperties',
    message: 'pagesiz is not allowed: the body accepts filter, orderby, page, pagesize. Remove it or fix its spelling.',
  });
  t.match(rejects({ filter: { regoin: 'US' } }), {
    field: 'filter.regoin',
    message: /^filter\.regoin is not allowed: filter accepts region, /,
  });
  t.match(rejects({ filter: { follower_count_range: { min: 1, mx: 2 } } }), { field: 'filter.follower_count_range.mx' });
  t.same(
    rejects({ filter: { region: 'XX' } }).message,
    'filter.region must be one of US, GB, MX, ES, DE, IT, FR, ID, VN, MY, TH, PH, BR, JP, SG: got "XX".',
  );
  t.same(rejects({ page: '1' }).message, 'page must be an integer: got string "1".');
  t.same(rejects({ page: 1.5 }).message, 'page must be an integer: got number 1.5.');
  t.same(rejects(null).message, 'body must be an object: got null.');
  t.same(rejects([]).message, 'body must be an object: got array [].');
  t.same(rejects({ pagesize: 0 }).message, 'pagesize must be >= 1: got 0.');
  t.same(rejects({ pagesize: 101 }).message, 'pagesize must be <= 100: got 101.');
  t.same(rejects({ filter: { ecommerce_type: 3 } }).message, 'filter.ecommerce_type must be one of 1, 2: got 3.');
  t.same(
    rejects({ orderby: [{ field: 'potential_index' }, { field: 'potential_index' }] }).message,
    'orderby must have at most 1 item(s): got 2.',
  );
  t.same(rejects({ orderby: [{ order: 'asc' }] }), {
    field: 'orderby[0].field',
    rule: 'required',
    message: 'orderby[0].field is required.',
  });
  t.same(rejects({ filter: { date_info: { type: 'month', value: '2026/03' } } }), {
    field: 'filter.date_info.value',
    rule: 'pattern',
    message: 'filter.date_info.value must match the pattern ^[0-9]{4}-[0-9]{2}$: got "2026/03".',
  });
});

t.test('extension rules run after the schema and name their field', async (t) => {
  t.same(rejects({ page: 101 }), {
    field: 'page',
    rule: 'page-window',
    message: 'page * pagesize must be <= 1000: got 101 * 10 = 1010. Ask for an earlier page or a smaller pagesize.',
  });
  t.match(rejects({ page: 11, pagesize: 100 }), { rule: 'page-window', message: /got 11 \* 100 = 1100/ });
  t.ok(validateRequest({ page: 10, pagesize: 100 }).ok);
  t.ok(validateRequest({ page: 1000 }).ok === false);
  t.ok(validateRequest({ page: 1000, pagesize: 1 }).ok);
  t.match(rejects({ filter: { follower_count_range: { min: 5, max: 4 } } }), {
    rule: 'follower-range-order',
    message: /got min 5 > max 4/,
  });
  t.ok(validateRequest({ filter: { follower_count_range: { min: 5, max: 5 } } }).ok);
  t.ok(validateRequest({ filter: { follower_count_range: { min: 5 } } }).ok);
  const day = (value: string) => ({ filter: { date_info: { type: 'day', value } } });
  t.ok(validateRequest(day('2024-02-29')).ok);
  t.match(rejects(day('2026-02-29')), { rule: 'day-is-calendar-date', field: 'filter.date_info.value' });
  t.match(rejects(day('2026-13-01')), { rule: 'day-is-calendar-date' });
  t.match(rejects(day('2026-04-00')), { rule: 'day-is-calendar-date' });
  const week = (value: string) => ({ filter: { date_info: { type: 'week', value } } });
  t.ok(validateRequest(week('2026-08')).ok);
  t.ok(validateRequest(week('2026-W53')).ok);
  t.match(rejects(week('2027-W53')), { rule: 'week-exists', message: /got "2027-W53"/ });
  t.match(rejects(week('2026-00')), { rule: 'week-exists' });
  const month = (value: string) => ({ filter: { date_info: { type: 'month', value } } });
  t.ok(validateRequest(month('2026-12')).ok);
  t.match(rejects(month('2026-13')), { rule: 'month-in-range' });
  t.match(rejects(month('2026-00')), { rule: 'month-in-range' });
});

t.test('a spec without a usable request body or defaults is refused when the validator is built', async (t) => {
  const copy = structuredClone<SpecDocument>(spec);
  const op = copy.paths?.['/creator/v1/rank/topPotential']?.post;
  if (op) delete op.requestBody;
  t.throws(() => createRequestValidator(describeSpec(copy)), /needs a JSON request body/);
  const noDefault = structuredClone<SpecDocument>(spec);
  delete noDefault.components.schemas['Page']?.default;
  t.throws(() => describeSpec(noDefault), /Page schema needs a number default/);
  const noPage = structuredClone<SpecDocument>(spec);
  delete noPage.components.schemas['Page'];
  (noPage.components.schemas['TopPotentialRequest'] as { properties: Record<string, unknown> }).properties['page'] = { type: 'integer' };
  t.throws(() => describeSpec(noPage), /The spec needs a component schema named Page/);
});

t.test('describing errors the request schema cannot produce', async (t) => {
  const error = (keyword: string, params: Record<string, unknown>, data: unknown = 'x'): ErrorObject =>
    ({ keyword, params, data, instancePath: '/a/0/b~1c', schemaPath: '', message: 'is odd' }) as ErrorObject;
  t.equal(fieldPath('/a/0/b~1c~0'), 'a[0].b/c~');
  t.equal(describeAjvError(error('unevaluatedProperties', { unevaluatedProperty: 'z' })).field, 'a[0].b/c.z');
  t.match(describeAjvError(error('minItems', { limit: 1 }, [])).message, 'must have at least 1 item(s): got 0');
  t.match(describeAjvError(error('minItems', { limit: 1 }, 'no')).message, 'got 0');
  t.match(describeAjvError(error('format', { format: 'uuid' })).message, 'must be a valid uuid: got "x"');
  t.match(describeAjvError(error('const', { allowedValue: 0 })).message, 'must be 0: got "x"');
  t.match(describeAjvError(error('type', { type: 'object,null' }, 5)).message, 'must be an object or a null: got integer 5');
  t.match(describeAjvError(error('multipleOf', {})).message, 'a[0].b/c is odd: got "x"');
  t.match(describeAjvError({ ...error('multipleOf', {}), message: undefined } as unknown as ErrorObject).message, 'is invalid');
  t.match(
    describeAjvError({ ...error('additionalProperties', { additionalProperty: 'q' }), instancePath: '' }).message,
    /^q is not allowed: the body accepts no members/,
  );
  t.match(describeAjvError(error('enum', { allowedValues: [1, 'a'] })).message, 'must be one of 1, a');
  t.equal(showValue('y'.repeat(200)).length, 83);
  t.equal(showValue(undefined), 'undefined');
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  t.equal(showValue(cyclic), '[object Object]');
  t.equal(showValue(10n), '10');
});
