import t from 'tap';
import { hash32 } from '../../src/data/random.js';
import { createSpecAjv } from '../../src/openapi/ajv.js';
import { createConformer, unfollowable } from '../../src/openapi/conform.js';
import { describeSpec } from '../../src/openapi/describe.js';
import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { toStandaloneSchema } from '../../src/openapi/json-schema.js';
import {
  MAX_GENERATED_ITEMS,
  MAX_GENERATED_LENGTH,
  MAX_GENERATED_SIZE,
  valueGenerator,
  whyUngeneratable,
} from '../../src/openapi/schema-value.js';
import { viewOf } from '../../src/openapi/schema-view.js';
import { answer, fake, post } from '../helpers/fake.js';
import { api, spec } from '../helpers/spec.js';

type Schemas = Record<string, Record<string, unknown>>;
const variant = (edit: (schemas: Schemas) => void): SpecDocument => {
  const copy = structuredClone(spec);
  edit(copy.components.schemas as Schemas);
  return copy;
};
const properties = (schemas: Schemas, name: string): Record<string, unknown> => schemas[name]?.['properties'] as Record<string, unknown>;
const SEED = 7;
const seedFor = (identity: string, path: string) => hash32(`${SEED}/${identity}/${path}`);
const root = (_doc: SpecDocument) => ({ $ref: '#/components/schemas/TopPotentialResponse' });
const own = { schema: root(spec), resolve: api.resolveSchema };
const their = (doc: SpecDocument) => ({ schema: root(doc), resolve: describeSpec(doc).resolveSchema });
const problems = (doc: SpecDocument): string[] => unfollowable(their(doc), own);

const app = fake();
t.teardown(() => app.close());
const sample = (await post(app, { pagesize: 3 })).json;

t.test("the kit's own spec follows itself: no problem, and conforming changes nothing", async (t) => {
  t.same(problems(spec), []);
  t.same(createConformer(own, own, seedFor)(sample, 'request'), sample);
});

t.test("total as an integer: followable, and the answer conforms to the team's spec", async (t) => {
  const doc = variant((schemas) => {
    properties(schemas, 'TopPotentialData')['total'] = { type: 'integer', minimum: 0 };
  });
  t.same(problems(doc), []);
  const described = describeSpec(doc);
  const shaped = createConformer(their(doc), own, seedFor)(sample, 'request') as { data: { total: unknown } };
  t.equal(shaped.data.total, Number((sample.data as { total: string }).total));
  t.same(createResponseValidator(described)(200, shaped), { valid: true, errors: [] });
});

t.test('a member the spec adds is generated from its schema, the same for the same item; one it removes is not sent', async (t) => {
  const doc = variant((schemas) => {
    const item = properties(schemas, 'TopPotentialItem');
    item['shop_level'] = { type: 'integer', minimum: 1, maximum: 5 };
    item['store_url'] = { type: 'string', format: 'uri' };
    item['badge'] = { type: 'string', pattern: '^[A-Z]{2}-[0-9]{3}$' };
    delete item['avg_play_count'];
    const required = schemas['TopPotentialItem']?.['required'] as string[];
    required.splice(required.indexOf('avg_play_count'), 1);
  });
  t.same(problems(doc), []);
  const described = describeSpec(doc);
  const conform = createConformer(their(doc), own, seedFor);
  const once = conform(sample, 'request') as { data: { list: Record<string, unknown>[] } };
  const twice = conform(structuredClone(sample), 'request');
  t.same(once, twice, 'deterministic');
  t.same(createResponseValidator(described)(200, once), { valid: true, errors: [] });
  const [first, second] = once.data.list;
  t.notOk(first && 'avg_play_count' in first, 'the removed member is not sent');
  t.match(first, { shop_level: Number, store_url: /^https:\/\//, badge: /^[A-Z]{2}-[0-9]{3}$/ });
  t.not(
    JSON.stringify([first?.['store_url'], first?.['badge']]),
    JSON.stringify([second?.['store_url'], second?.['badge']]),
    "seeded by each item's uid",
  );
});

t.test('what cannot be followed is named', async (t) => {
  const doc = variant((schemas) => {
    (schemas['Region'] as Record<string, unknown>)['enum'] = ['US', 'GB'];
    properties(schemas, 'TopPotentialItem')['uid'] = { type: 'string', pattern: '^u[0-9]+$' };
    properties(schemas, 'TopPotentialItem')['units_sold'] = { type: 'boolean' };
    properties(schemas, 'TopPotentialItem')['tags'] = { type: 'array', items: { enum: [] } };
    properties(schemas, 'TopPotentialItem')['video_count'] = { type: 'integer', minItems: 1 };
    (schemas['TopPotentialResponse'] as { properties: Record<string, unknown> }).properties['code'] = { type: 'integer', const: 1 };
    properties(schemas, 'Creator')['nickname'] = { type: 'string', enum: ['a'] };
  });
  const found = problems(doc);
  t.match(
    found,
    [
      /^\$\.code must be 1 in the spec, but the fake sends other values$/,
      /^\$\.data\.list\[\*\]\.creator\.nickname has an enum in the spec, but the fake's values for it are not drawn from a list$/,
      /^\$\.data\.list\[\*\]\.creator\.region's enum in the spec lacks "MX", "ES", .*"SG", which the fake sends$/,
      /^\$\.data\.list\[\*\]\.uid has pattern "\^u\[0-9\]\+\$" in the spec, which the fake cannot promise for its values$/,
      /^\$\.data\.list\[\*\]\.video_count has minItems 1 in the spec/,
      /^\$\.data\.list\[\*\]\.units_sold is boolean in the spec, but the fake makes it integer$/,
      /^\$\.data\.list\[\*\]\.tags \(#\/components\/schemas\/TopPotentialItem\/properties\/tags\) is new in the spec, and no value can be made for it: its enum is empty$/,
    ],
    "in the order of the spec's members",
  );
});

const ajv = createSpecAjv(spec);
/** Whether a value satisfies a schema written as in the spec (its `$ref`s resolved against the spec's components). */
const satisfies = (schema: unknown, value: unknown): boolean => ajv.validate(toStandaloneSchema(schema), value);

t.test('valueGenerator reads const, enum, types, formats, bounds, lengths, patterns, items and members', async (t) => {
  const resolve = api.resolveSchema;
  const schemas: unknown[] = [
    { const: 'x' },
    { enum: ['a', 'b'] },
    ...['date-time', 'date', 'time', 'email', 'hostname', 'uuid', 'ipv4', 'ipv6', 'uri', 'url'].map((format) => ({
      type: 'string',
      format,
    })),
    { type: 'string', minLength: 3, maxLength: 4 },
    { type: 'string', pattern: '^[A-Z]{2}-[0-9]{3}$' },
    { type: ['null', 'string'] },
    { type: 'null' },
    {},
    { type: 'integer', exclusiveMinimum: 10, exclusiveMaximum: 13 },
    { type: 'integer', minimum: 5, maximum: 100, multipleOf: 25 },
    { type: 'number', minimum: 1.5, maximum: 2 },
    { type: 'boolean' },
    { type: 'array', items: { type: 'integer' } },
    { type: 'array', minItems: 3, maxItems: 4, items: { type: 'string' } },
    { type: 'object', required: ['a'], properties: { a: { const: 1 }, b: { type: 'boolean' } } },
    { $ref: '#/components/schemas/RequestId' },
    { allOf: [{ $ref: '#/components/schemas/RequestId' }, { type: 'string' }] },
  ];
  for (const schema of schemas) {
    const make = valueGenerator(schema, resolve);
    for (const identity of ['one', 'two', 'three']) {
      const value = make(seedFor(identity, '$.x'));
      t.ok(satisfies(schema, value), `${JSON.stringify(value)} satisfies ${JSON.stringify(schema)}`);
      t.equal(JSON.stringify(make(seedFor(identity, '$.x'))), JSON.stringify(value), 'the same seed, the same value');
    }
  }
  const object = valueGenerator({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'boolean' } } }, resolve);
  t.match(object(SEED), { a: Number, b: Boolean }, 'every declared member, required or not');
  const draws = valueGenerator({ type: 'string', pattern: '^[a-z]{8}$' }, resolve);
  t.not(draws(SEED), draws(SEED + 1), 'another seed, another value');
  t.same(viewOf({ allOf: [{ type: ['integer', 'null'] }, { type: 'number' }] }, resolve).types, ['integer'], 'allOf types intersect');
});

t.test('whyUngeneratable names the contradiction', async (t) => {
  const why = (schema: unknown) => whyUngeneratable(schema, api.resolveSchema);
  t.equal(why(false), 'it accepts no value (false)');
  t.equal(why({ oneOf: [{}, {}] }), 'it uses not, oneOf or anyOf, which the fake does not generate from');
  t.equal(why({ minimum: 3, maximum: 2 }), 'its minimum is above its maximum');
  t.equal(why({ minLength: 3, maxLength: 2 }), 'its minLength is above its maxLength');
  t.match(why({ pattern: '(' }), /^its pattern does not compile: /);
  t.equal(
    why({ pattern: '^(ab)\\1$' }),
    'its pattern or format asks for what json-schema-faker cannot generate (it made "ab1", which the spec refuses)',
    'a back-reference: the generator would make values the spec refuses',
  );
  t.match(
    why({ type: 'string', format: 'duration' }),
    /^its pattern or format asks for what json-schema-faker cannot generate \(it made "P/,
  );
  t.match(why({ type: 'string', pattern: '^a\\-b$' }), /^its pattern does not compile: .*Invalid escape/, 'read as ajv reads it: unicode');
  t.equal(why({ type: 'string', pattern: '^(?:[a-z]+|[0-9]{2})-\\d?$' }), undefined);
  t.equal(why({ type: 'object', properties: { a: { enum: [] } } }), 'its member a: its enum is empty');
  t.equal(why({ type: 'array', items: false }), 'it accepts no value (false)');
  t.equal(why({ type: 'array', items: { type: 'string' } }), undefined);
});

t.test('generated values stay within the documented caps; a schema that needs more is refused', async (t) => {
  const value = (schema: unknown) => valueGenerator(schema, api.resolveSchema)(SEED);
  const why = (schema: unknown) => whyUngeneratable(schema, api.resolveSchema);
  t.ok((value({ type: 'string', maxLength: 1e9 }) as string).length <= MAX_GENERATED_LENGTH, 'maxLength 1e9: within the cap');
  t.equal((value({ type: 'string', minLength: 1e9 }) as string).length, MAX_GENERATED_LENGTH, 'never past the cap, even when asked');
  t.equal((value({ type: 'array', maxItems: 1e9, minItems: 1e9, items: { const: 1 } }) as unknown[]).length, MAX_GENERATED_ITEMS);
  t.equal((value({ type: 'array', minItems: 1e9, items: { type: 'boolean' } }) as unknown[]).length, MAX_GENERATED_ITEMS);
  t.match(value({ type: 'string', pattern: '^a{3}[a-z]{0,1000}$' }), /^a{3}[a-z]{0,5}$/, 'a repetition: at most 5 past its minimum');
  t.match(value({ type: 'string', pattern: '^[a-z]{2,4}$' }), /^[a-z]{2,4}$/, 'one within its bounds');
  t.equal(
    why({ type: 'string', minLength: 1e9 }),
    `its minLength 1000000000 is above the ${MAX_GENERATED_LENGTH} characters the fake generates`,
  );
  t.equal(why({ type: 'array', minItems: 1e9 }), `its minItems 1000000000 is above the ${MAX_GENERATED_ITEMS} items the fake generates`);
  t.equal(
    why({ type: 'string', pattern: '^[a-z]{100000000}$' }),
    `its pattern matches nothing shorter than 100000000 characters, above the ${MAX_GENERATED_LENGTH} the fake generates`,
  );
  const nested = { type: 'array', minItems: 16, items: { type: 'array', minItems: 16, items: { type: 'string' } } };
  t.match(
    why(nested),
    new RegExp(`^its values could take \\d+ characters of JSON, more than the ${MAX_GENERATED_SIZE} the fake generates`),
  );
  t.equal(why({ type: 'object', properties: { a: { enum: ['x', 'y'] }, b: { const: null }, c: { type: 'integer' } } }), undefined);
});

t.test('conforming converts, bounds and falls back to generating', async (t) => {
  const conform = (schema: unknown, value: unknown) =>
    createConformer({ schema, resolve: api.resolveSchema }, { schema: {}, resolve: api.resolveSchema }, seedFor)(value, 'id');
  t.equal(conform({ type: 'string' }, 17), '17');
  t.equal(conform({ type: 'string', maxLength: 2 }, 'abc'), 'ab');
  t.equal(conform({ type: 'integer', maximum: 10 }, '17'), 10);
  t.equal(conform({ type: 'integer', minimum: 0 }, 2.6), 3);
  t.equal(conform({ type: 'number' }, '2.5'), 2.5);
  t.equal(typeof conform({ type: 'integer' }, 'many'), 'number', 'not a number: one is generated');
  t.equal(conform({ type: ['string', 'null'] }, null), null);
  t.same(conform({ type: 'array', maxItems: 1, items: { type: 'string' } }, [1, 2]), ['1']);
  t.equal(typeof conform({ type: 'array', items: { type: 'string' } }, 'x'), 'object', 'not a list: one is generated');
  t.equal(typeof conform({ type: 'object', properties: { a: { type: 'string' } } }, 'x'), 'object');
  t.equal(conform({ type: 'boolean' }, true), true);
});

t.test('the fake answers in the envelope from the sample used above', async (t) => {
  t.equal(answer({ statusCode: 200, headers: {}, body: JSON.stringify(sample) }).status, 200);
});
