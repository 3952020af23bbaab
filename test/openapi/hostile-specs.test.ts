import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/run-cli.js';
import { describeSpec, resolveSpec } from '../../src/openapi/describe.js';
import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { MAX_SPEC_DEPTH } from '../../src/openapi/spec-bounds.js';
import { MAX_GENERATED_ITEMS, MAX_GENERATED_LENGTH } from '../../src/openapi/schema-value.js';
import { fake, post } from '../helpers/fake.js';
import { captureIo } from '../helpers/io.js';
import { spec } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

type Schemas = Record<string, Record<string, unknown> & { properties: Record<string, unknown> }>;
/** The kit's spec with one hostile edit. */
const variant = (edit: (schemas: Schemas, doc: SpecDocument) => void): SpecDocument => {
  const copy = structuredClone(spec);
  edit(copy.components.schemas as unknown as Schemas, copy);
  return copy;
};
const FILTER = '#/components/schemas/Filter/properties';

/** Each adversarial spec, the pointer its refusal must name, and why it is refused. */
const HOSTILE: readonly { name: string; doc: SpecDocument; pointer: string; repeated?: string; why: RegExp }[] = [
  {
    name: 'a $ref cycle (two schemas that are each other)',
    doc: variant((schemas) => {
      schemas['Page'] = { $ref: '#/components/schemas/PageSize' } as unknown as Schemas[string];
      schemas['PageSize'] = { $ref: '#/components/schemas/Page' } as unknown as Schemas[string];
    }),
    pointer: '#/components/schemas/PageSize/$ref',
    why: /leads back to itself \(#\/components\/schemas\/Page -> #\/components\/schemas\/PageSize -> #\/components\/schemas\/Page\)/,
  },
  {
    name: 'a recursive schema',
    doc: variant((schemas) => {
      schemas['Filter']!.properties['children'] = { type: 'array', items: { $ref: '#/components/schemas/Filter' } };
    }),
    pointer: `${FILTER}/children/items/$ref`,
    why: /leads back to itself/,
  },
  {
    name: 'an object that contains itself (what a YAML alias of an enclosing node parses to)',
    doc: variant((schemas) => {
      const loop: Record<string, unknown> = { type: 'object' };
      loop['properties'] = { again: loop };
      schemas['Filter']!.properties['loop'] = loop;
    }),
    pointer: `${FILTER}/loop/properties/again`,
    why: /contains itself/,
  },
  {
    name: '__proto__ under properties',
    doc: variant((schemas) => {
      Object.defineProperty(schemas['Filter']!.properties, '__proto__', { value: { type: 'string' }, enumerable: true });
    }),
    pointer: `${FILTER}/__proto__`,
    why: /a member named __proto__/,
  },
  {
    name: 'nesting past the depth the serializer and generators can follow',
    doc: variant((schemas) => {
      let deep: Record<string, unknown> = { type: 'string' };
      for (let level = 0; level < MAX_SPEC_DEPTH; level++) deep = { type: 'object', properties: { a: deep } };
      schemas['Filter']!.properties['deep'] = deep;
    }),
    pointer: `${FILTER}/deep`,
    repeated: '/properties/a',
    why: new RegExp(`nests more than ${MAX_SPEC_DEPTH} levels deep`),
  },
  {
    name: 'an external $ref inside the request schema',
    doc: variant((schemas) => {
      schemas['Filter']!.properties['shop'] = { $ref: 'shop.yaml#/Shop' };
    }),
    pointer: `${FILTER}/shop/$ref`,
    why: /"shop\.yaml#\/Shop" points outside the components of this document; the kit reads no other file or URL/,
  },
  {
    name: 'a $ref to nothing',
    doc: variant((schemas) => {
      schemas['Filter']!.properties['shop'] = { $ref: '#/components/schemas/Nowhere' };
    }),
    pointer: `${FILTER}/shop/$ref`,
    why: /points at nothing in the document/,
  },
  {
    name: 'a $ref with a malformed %-escape',
    doc: variant((schemas) => {
      schemas['Filter']!.properties['shop'] = { $ref: '#/components/schemas/%E0' };
    }),
    pointer: `${FILTER}/shop/$ref`,
    why: /\$ref #\/components\/schemas\/%E0 points at nothing in the document/,
  },
  {
    name: 'a ReDoS pattern in a request field',
    doc: variant((schemas) => {
      schemas['Filter']!.properties['shop'] = { type: 'string', pattern: '^(a|aa)+$' };
    }),
    pointer: `${FILTER}/shop/pattern`,
    why: /the pattern "\^\(a\|aa\)\+\$" is refused: a repeated part can match the same text in many ways/,
  },
  {
    name: 'nested quantifiers under patternProperties',
    doc: variant((schemas) => {
      schemas['Filter']!.properties['tags'] = { type: 'object', patternProperties: { '^(x+)+$': { type: 'string' } } };
    }),
    pointer: `${FILTER}/tags/patternProperties/^(x+)+$`,
    why: /can match the same text in many ways/,
  },
  {
    name: 'a pattern that does not parse',
    doc: variant((schemas) => {
      schemas['Filter']!.properties['shop'] = { type: 'string', pattern: '(' };
    }),
    pointer: `${FILTER}/shop/pattern`,
    why: /the kit's pattern reader cannot read it, so it cannot be checked for backtracking/,
  },
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

t.test("the kit's own spec loads, and so does a copy of it", async (t) => {
  t.equal(resolveSpec().path, '/creator/v1/rank/topPotential');
  t.equal(describeSpec(structuredClone(spec)).statuses.length, resolveSpec().statuses.length);
});

t.test('each hostile spec is refused at start, naming the JSON pointer', async (t) => {
  for (const { name, doc, pointer, repeated, why } of HOSTILE) {
    const at = escape(pointer) + (repeated === undefined ? '' : `(${escape(repeated)})+`);
    t.throws(() => describeSpec(doc), { name: 'SpecError', message: new RegExp(`^The spec is refused at ${at}: `) }, name);
    t.throws(() => describeSpec(doc), why, `${name}: says why`);
  }
});

t.test('a pattern or a $ref inside an example or a default is data: never followed or compiled', async (t) => {
  const doc = variant((schemas) => {
    schemas['Filter']!.properties['note'] = {
      type: 'object',
      properties: { default: { type: 'string' } },
      example: { $ref: 'elsewhere.yaml', pattern: '^(a+)+$' },
      default: { pattern: '(' },
    };
  });
  t.doesNotThrow(() => describeSpec(doc));
  const aliased = variant((schemas, doc) => {
    const shop = { type: 'string', pattern: '^(a+)+$' };
    const media = doc.paths['/creator/v1/rank/topPotential']!.post!.requestBody as { content: Record<string, Record<string, unknown>> };
    // Before the schema: the walk meets the object as an example first.
    media.content['application/json'] = { example: shop, ...media.content['application/json'] };
    schemas['Filter']!.properties['shop'] = shop;
  });
  t.throws(
    () => describeSpec(aliased),
    /refused at #\/components\/schemas\/Filter\/properties\/shop\/pattern/,
    'one object met first as an example is still checked as a schema',
  );
  const named = variant((schemas) => {
    schemas['Filter']!.properties['note'] = { type: 'object', properties: { default: { type: 'string', pattern: '^(a+)+$' } } };
  });
  t.throws(
    () => describeSpec(named),
    /refused at #\/components\/schemas\/Filter\/properties\/note\/properties\/default\/pattern/,
    'a property named default is a schema',
  );
});

t.test('serve and contract exit 2 on a hostile --spec, naming the pointer, before anything starts', async (t) => {
  const dir = tempDir('hostile-spec-');
  const path = join(dir, 'cycle.yaml');
  writeFileSync(path, stringify(HOSTILE[0]!.doc));
  for (const command of [['serve', '--port', '0'], ['contract']]) {
    const io = captureIo();
    const outcome = await runCli([...command, '--spec', path], io);
    t.equal(outcome.exitCode, 2, `${command[0]} exits 2`);
    t.equal(outcome.server, undefined);
    t.match(io.err(), /^fastmoss-kit: The spec is refused at #\/components\/schemas\/PageSize\/\$ref: /);
  }
  const aliased = join(dir, 'alias.yaml');
  writeFileSync(aliased, stringify(spec).replace(/^ {4}Filter:\n/m, '    Filter: &filter\n      x-self: *filter\n'));
  const io = captureIo();
  t.equal((await runCli(['serve', '--port', '0', '--spec', aliased], io)).exitCode, 2, 'a YAML alias of its own node');
  t.match(io.err(), /refused at #\/components\/schemas\/Filter\/x-self: it contains itself/);
});

/** The kit's spec with one member added to every ranked item, for the fake to generate. */
const withItemMember = (schema: Record<string, unknown>): SpecDocument =>
  variant((schemas) => {
    schemas['TopPotentialItem']!.properties['shop_note'] = schema;
    (schemas['TopPotentialItem']!['required'] as string[]).push('shop_note');
  });
const ITEM = '#/components/schemas/TopPotentialItem/properties/shop_note';

t.test('a member the fake must generate past its caps is refused at start, naming the member and its pointer', async (t) => {
  const refused: readonly [Record<string, unknown>, RegExp][] = [
    [{ type: 'string', minLength: 1e9 }, /its minLength 1000000000 is above the 256 characters/],
    [{ type: 'array', minItems: 1e9, items: { type: 'string' } }, /its minItems 1000000000 is above the 16 items/],
    [{ type: 'string', pattern: '^[a-z]{100000000}$' }, /its pattern matches nothing shorter than 100000000 characters/],
  ];
  for (const [schema, why] of refused) {
    t.throws(
      () => fake({ spec: withItemMember(schema) }),
      {
        name: 'SpecError',
        message: new RegExp(
          `\\$\\.data\\.list\\[\\*\\]\\.shop_note \\(${escape(ITEM)}\\) is new in the spec, and no value can be made for it: ${why.source}`,
        ),
      },
      JSON.stringify(schema),
    );
  }
  t.throws(
    () => fake({ spec: withItemMember({ type: 'string', pattern: '^((a{0,100}){0,100}){0,100}$' }) }),
    {
      message: new RegExp(`^The spec is refused at ${escape(ITEM)}/pattern: `),
    },
    'nested quantifiers: refused before anything is generated',
  );
});

t.test('a member with maxLength or maxItems 1e9, or a long optional pattern, is answered within the caps', async (t) => {
  const doc = withItemMember({
    type: 'object',
    required: ['text', 'list', 'code'],
    properties: {
      text: { type: 'string', maxLength: 1e9 },
      list: { type: 'array', maxItems: 1e9, items: { type: 'string', maxLength: 1e9 } },
      code: { type: 'string', pattern: '^X[0-9]{0,100000}$' },
    },
  });
  const app = fake({ spec: doc });
  t.teardown(() => app.close());
  const answer = await post(app, { pagesize: 10 });
  t.equal(answer.status, 200);
  const notes = (answer.json.data as { list: { shop_note: { text: string; list: string[]; code: string } }[] }).list.map(
    (item) => item.shop_note,
  );
  t.equal(notes.length, 10);
  for (const note of notes) {
    t.ok(note.text.length <= MAX_GENERATED_LENGTH && note.list.length <= MAX_GENERATED_ITEMS);
    t.match(note.code, /^X[0-9]{0,5}$/, 'a repetition with a bound past the cap: at most 5 past its minimum');
  }
  t.ok(answer.body.length < 100_000, `${answer.body.length} bytes`);
  t.same(createResponseValidator(describeSpec(doc))(200, answer.json), { valid: true, errors: [] }, "valid against the team's spec");
});
