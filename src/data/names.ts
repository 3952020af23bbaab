import { faker } from '@faker-js/faker/locale/en';
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
 * faker's English name and word lists. faker is ES modules only, so it is imported, never required: Jest's module
 * loader cannot require() an ES module, and the CommonJS build (scripts/bundle.ts) inlines what is imported here.
 */
export const NAME_LISTS: NameLists = namesFrom(faker.rawDefinitions);
