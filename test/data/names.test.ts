import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { fakerNames, fakerVersion, NAME_LISTS, namesFrom, readPrecompiledNames } from '../../src/data/names.js';
import { ARTEFACTS } from '../../src/openapi/precompiled.js';

t.test('from the sources (no build artefacts) the lists come from faker itself', async (t) => {
  t.same(NAME_LISTS, fakerNames());
  t.ok(NAME_LISTS.first.length > 1000 && NAME_LISTS.last.length > 100 && NAME_LISTS.adjectives.length > 100, 'long lists');
  t.ok(NAME_LISTS.first.includes('Emma') && NAME_LISTS.first.includes('John'), 'female and male first names');
});

t.test('a copy of the lists is used only while it was made from the faker installed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'names-'));
  t.equal(readPrecompiledNames(dir), undefined, 'no copy');
  const lists = { first: ['Ada'], last: ['Lovelace'], adjectives: ['analytical'] };
  writeFileSync(join(dir, ARTEFACTS.names), JSON.stringify({ fakerVersion: fakerVersion(), lists }));
  t.same(readPrecompiledNames(dir), lists, 'a current copy');
  writeFileSync(join(dir, ARTEFACTS.names), JSON.stringify({ fakerVersion: '0.0.1', lists }));
  t.equal(readPrecompiledNames(dir), undefined, 'a copy from another faker release');
});

t.test('a faker without the lists is reported by name', async (t) => {
  t.throws(() => namesFrom({}), /lacks person.first_name.female\/male, person.last_name.generic or word.adjective/);
  t.throws(() => namesFrom({ person: { first_name: { female: ['A'], male: ['B'] }, last_name: { generic: ['C'] } } }), /word.adjective/);
});
