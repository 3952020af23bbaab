import { readFileSync } from 'node:fs';
import t from 'tap';
import { generateTypes } from '../../scripts/generate-types.js';
import { spec } from '../helpers/spec.js';

const committed = new URL('../../src/generated/types.ts', import.meta.url);

t.test('src/generated/types.ts is what `npm run generate` makes from the spec now', async (t) => {
  const fresh = await generateTypes(spec);
  t.equal(readFileSync(committed, 'utf8'), fresh, 'stale: run `npm run generate` and commit the result with the spec change');
});

t.test('every component schema becomes an exported type of the same name', async (t) => {
  const text = readFileSync(committed, 'utf8');
  for (const name of Object.keys(spec.components.schemas)) {
    t.match(text, new RegExp(`export (type|interface) ${name}\\b`), name);
  }
});

t.test("the generated request type keeps the spec's shape", async (t) => {
  const text = readFileSync(committed, 'utf8');
  t.match(text, /orderby\?: OrderBy\[\];/, 'maxItems does not explode into tuples');
  t.match(text, /export interface DateInfo \{/, 'if/then conditionals do not produce an intersection alias');
  t.notMatch(text, /\[k: string\]/, 'types list only documented members');
});
