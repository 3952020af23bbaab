import { createRequire } from 'node:module';
import type * as FakerEnglish from '@faker-js/faker/locale/en';
import type { LocaleDefinition } from '@faker-js/faker';

/** The English word lists of faker that creators' names are drawn from. */
export interface NameLists {
  readonly first: readonly string[];
  readonly last: readonly string[];
  readonly adjectives: readonly string[];
}

/** The lists from faker's locale definitions. */
export function namesFrom(definitions: LocaleDefinition): NameLists {
  const first = definitions.person?.first_name;
  const last = definitions.person?.last_name;
  const adjectives = definitions.word?.adjective;
  if (!first?.female || !first.male || !last?.generic || !adjectives) {
    throw new Error("@faker-js/faker's English locale lacks person.first_name.female/male, person.last_name.generic or word.adjective.");
  }
  return { first: [...first.female, ...first.male], last: last.generic, adjectives };
}

/**
 * The lists read from faker itself, synchronously: faker is an ES module, required through Node's require(esm) (Node
 * ^20.19 and >= 22.12, the lines package.json's engines lists). An `await import()` here would put a top-level await
 * on the package entry's load path, and `require()` of the package fails on any module graph with one
 * (ERR_REQUIRE_ASYNC_MODULE).
 */
export function fakerNames(): NameLists {
  const { faker } = createRequire(import.meta.url)('@faker-js/faker/locale/en') as typeof FakerEnglish;
  return namesFrom(faker.rawDefinitions);
}

/** faker's English name and word lists. */
export const NAME_LISTS: NameLists = fakerNames();
