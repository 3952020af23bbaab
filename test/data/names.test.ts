import t from 'tap';
import { faker } from '@faker-js/faker/locale/en';
import { NAME_LISTS, namesFrom } from '../../src/data/names.js';

t.test('the lists come from faker itself', async (t) => {
  t.same(NAME_LISTS, namesFrom(faker.rawDefinitions));
  t.ok(NAME_LISTS.first.length > 1000 && NAME_LISTS.last.length > 100 && NAME_LISTS.adjectives.length > 100, 'long lists');
  t.ok(NAME_LISTS.first.includes('Emma') && NAME_LISTS.first.includes('John'), 'female and male first names');
});

t.test('a faker without the lists is reported by name', async (t) => {
  t.throws(() => namesFrom({}), /lacks person.first_name.female\/male, person.last_name.generic or word.adjective/);
  t.throws(() => namesFrom({ person: { first_name: { female: ['A'], male: ['B'] }, last_name: { generic: ['C'] } } }), /word.adjective/);
});
