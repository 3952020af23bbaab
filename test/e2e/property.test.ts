import fc from 'fast-check';
import t from 'tap';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { badValue, validRequest } from '../helpers/arbitraries.js';
import { fake, post } from '../helpers/fake.js';
import { api, validateRequest } from '../helpers/spec.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(60_000);

/** Fixed so a failure replays; fast-check prints the seed and path of a counterexample. */
const SEED = 20_261_125;
const validateResponse = createResponseValidator(api);
const app = fake();
t.teardown(() => app.close());

t.test('random valid requests give code 0 and a body valid against the spec', async (t) => {
  await fc.assert(
    fc.asyncProperty(validRequest, async (body) => {
      if (!validateRequest(body).ok) throw new Error(`the generator made an invalid request: ${JSON.stringify(body)}`);
      const result = await post(app, body);
      const verdict = validateResponse(result.status, result.json);
      const list = (result.json.data as { list: unknown[] }).list;
      return result.status === 200 && result.json.code === 0 && verdict.valid && list.length <= (body.pagesize ?? 10);
    }),
    { seed: SEED, numRuns: 400 },
  );
  t.pass('400 valid requests');
});

/** Paths whose value can be replaced, in a body that has them all. */
const FULL = {
  filter: {
    region: 'US',
    creator_category_id: 4,
    product_category_l1_id: 14,
    product_category_l2_id: 601450,
    product_category_l3_id: 601554,
    ecommerce_type: 1,
    follower_count_range: { min: 1, max: 2 },
    follower_age_type: 2,
    follower_gender_type: 0,
    date_info: { type: 'month', value: '2026-03' },
  },
  orderby: [{ field: 'potential_index', order: 'asc' }],
  page: 1,
  pagesize: 10,
};
const PATHS: string[][] = [];
const collect = (value: unknown, path: string[]): void => {
  if (path.length > 0) PATHS.push(path);
  if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) collect(v, [...path, k]);
};
collect(FULL, []);

const setAt = (path: readonly string[], value: unknown): unknown => {
  const copy = structuredClone(FULL) as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path[path.length - 1] as string] = value;
  return copy;
};
const dotted = (path: readonly string[]): string => path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

t.test('one member mutated to a wrong value gives 10001 naming that member (or one inside it)', async (t) => {
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...PATHS), badValue, async (path, value) => {
      const body = setAt(path, value);
      const spec = validateRequest(body);
      const result = await post(app, body);
      if (spec.ok) return result.status === 200;
      rejected++;
      const where = dotted(path);
      return result.status === 400 && result.json.code === 10001 && result.json.message.includes(where) && result.json.data === null;
    }),
    { seed: SEED, numRuns: 600 },
  );
  t.ok(rejected > 400, `${rejected} of 600 mutations were invalid and named`);
});

t.test('an unknown key anywhere is named in the 10001 message', async (t) => {
  const objects = [[], ...PATHS.filter((p) => typeof p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], FULL) === 'object')];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...objects), fc.stringMatching(/^[a-z_]{1,12}$/), async (path, key) => {
      const body = structuredClone(FULL) as Record<string, unknown>;
      let target = body;
      for (const k of path) target = target[k] as Record<string, unknown>;
      if (Array.isArray(target) || key in target) return true;
      target[key] = 1;
      const result = await post(app, body);
      return result.status === 400 && result.json.message.startsWith(`${dotted([...path, key])} is not allowed`);
    }),
    { seed: SEED, numRuns: 200 },
  );
  t.pass('unknown keys');
});
