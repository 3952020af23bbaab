import { readFileSync } from 'node:fs';
import t from 'tap';
import { forbidUndocumented } from '../../src/contract/checks/strict-view.js';
import { appendErrorsInPlace, createSpecAjv } from '../../src/openapi/ajv.js';
import { showValue } from '../../src/openapi/describe-ajv-error.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { api } from '../helpers/spec.js';

/**
 * Validating an answer costs time linear in its size, however many errors it has. These inputs are sized so that the
 * quadratic versions would overrun tap's 30 s timeout, while the linear ones take well under a second: no time is
 * measured here, the timeout is the check.
 */

const vendorExample = (): { data: { list: unknown[] } } =>
  JSON.parse(readFileSync(new URL('../../fixtures/vendor-example-response.json', import.meta.url), 'utf8')) as {
    data: { list: unknown[] };
  };

t.test('100,000 failing items: every error counted, each kind described once', async (t) => {
  // ajv added the errors of each failing item (validated by a function of its own, the $ref'd item schema) by copying
  // every error found so far: 20,000 failing items took 3 s, and each doubling four times as long, so 100,000 would
  // take over a minute. Appended in place (appendErrorsInPlace), this is a fraction of a second.
  const body = vendorExample();
  body.data.list = Array.from({ length: 100_000 }, () => 1);
  const verdict = createResponseValidator(api)(200, body);
  t.equal(verdict.valid, false);
  t.match(verdict.errors, [
    { field: 'data.list', rule: 'maxItems', message: 'data.list must have at most 100 item(s): got 100000.' },
    { field: 'data.list[0]', rule: 'type', message: 'data.list[0] must be an object: got integer 1.', count: 100_000 },
  ]);
  t.equal(verdict.errors.length, 2);
});

t.test('an item with 100,000 undocumented members: each named, the item never written out per error', async (t) => {
  // Each of those errors carries the whole item; describing one used to write the item as JSON (1.5 MB) before
  // cutting it to 80 characters: 100,000 times. Now a message writes a value only when it shows it, and only as far
  // as it shows it (showValue).
  const body = vendorExample();
  const item = body.data.list[0] as Record<string, unknown>;
  for (let index = 0; index < 100_000; index++) item[`extra_${index}`] = index;
  const verdict = createResponseValidator(api, forbidUndocumented)(200, body);
  t.equal(verdict.errors.length, 100_000);
  t.match(verdict.errors[99_999], { field: 'data.list[0].extra_99999', rule: 'additionalProperties' });
});

t.test('showValue writes at most what it shows, whatever the size of the value', async (t) => {
  const wide = Object.fromEntries(Array.from({ length: 200_000 }, (_, index) => [`k${index}`, 'v'.repeat(10)]));
  const long = Array.from({ length: 1_000_000 }, (_, index) => index);
  const text = 'x'.repeat(10_000_000);
  for (let round = 0; round < 1000; round++) {
    // 1000 rounds of writing a 7 MB list and a 10 MB string whole would take minutes.
    showValue(long);
    showValue(text);
  }
  t.equal(showValue(long), `${JSON.stringify(long).slice(0, 80)}...`);
  t.equal(showValue(wide), `${JSON.stringify(wide).slice(0, 80)}...`);
  t.equal(showValue('é'.repeat(500)), `${JSON.stringify('é'.repeat(500)).slice(0, 80)}...`);
  t.equal(
    showValue('😀'.repeat(100)),
    `${JSON.stringify('😀'.repeat(100)).slice(0, 80)}...`,
    'a surrogate pair is never split before the cut',
  );
  // The same text as JSON.stringify, up to the cut, for every kind of JSON value.
  const sample = { a: [1, -0, 2.5, true, null, 'x"\n'], b: {}, c: [], d: { e: [{}] }, f: undefined, g: () => 1, h: [undefined] };
  t.equal(showValue(sample), JSON.stringify(sample));
  t.equal(showValue({ toJSON: () => 'as JSON' }), '"as JSON"');
  t.equal(showValue([Infinity, NaN]), '[1e309 or more (past the largest number, 1.8e308),null]');
  t.equal(showValue(-Infinity), '-1e309 or less (past the smallest number, -1.8e308)');
  const fn = (): number => 1;
  t.equal(showValue(fn), String(fn), 'not JSON: String()');
  t.equal(showValue(Symbol('s')), 'Symbol(s)');
  t.equal(showValue({ n: 1n }), '[object Object]', 'as JSON.stringify, which throws, a BigInt anywhere is shown with String()');
});

t.test("ajv's error-copying statement is rewritten wherever it is generated", async (t) => {
  const generated: string[] = [];
  const ajv = createSpecAjv(api.doc, {
    allErrors: true,
    transform: forbidUndocumented,
    code: { process: (code) => (generated.push(code), code) },
  });
  ajv.compile(api.responseSchema(200) as object);
  const code = generated.join('\n');
  t.ok(code.includes('vErrors.push(validate'), 'errors of a $ref are appended in place');
  // If an ajv upgrade writes the statement otherwise, this fails: appendErrorsInPlace must learn the new form.
  t.notMatch(code, /vErrors\.concat\(/, 'no error list is copied');
  t.equal(
    appendErrorsInPlace('{vErrors = vErrors === null ? validate7.errors : vErrors.concat(validate7.errors);errors = vErrors.length;}'),
    '{if (vErrors === null) vErrors = validate7.errors.slice(); else for (let i$ = 0; i$ < validate7.errors.length; i$++) vErrors.push(validate7.errors[i$]);errors = vErrors.length;}',
  );
});
