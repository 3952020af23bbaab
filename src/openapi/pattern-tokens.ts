import { createRequire } from 'node:module';
import type * as Ret from 'ret';

export type PatternToken = Ret.Tokens;

/** ret, the regular expression parser randexp is built on: CommonJS, its `module.exports` the tokenizer with the token types beside it. */
const ret = createRequire(import.meta.url)('ret') as typeof Ret.tokenizer & { readonly types: typeof Ret.types };
export const { types } = ret;

/** A pattern's tokens; throws when the pattern does not parse. */
export const parsePattern = (pattern: string): Ret.Root => ret(pattern);

/** The parts a group or the root chooses between (one part when it has no `|`); none for any other token. */
export function alternativesOf(token: PatternToken): PatternToken[][] {
  if (token.type !== types.ROOT && token.type !== types.GROUP) return [];
  return token.options ?? [token.stack ?? []];
}

/**
 * The length of the shortest text a pattern's tokens match (a lookaround or an anchor matches none; a back-reference
 * what its group matched).
 */
export function shortestLength(root: PatternToken): number {
  const groups: number[] = [];
  const visit = (token: PatternToken): number => {
    switch (token.type) {
      case types.ROOT:
      case types.GROUP: {
        const group = token.type === types.GROUP ? token : undefined;
        if (group?.followedBy === true || group?.notFollowedBy === true) return 0;
        const number = group?.remember === true ? groups.push(0) - 1 : -1;
        const shortest = Math.min(...alternativesOf(token).map((stack) => stack.reduce((sum, inner) => sum + visit(inner), 0)));
        if (number >= 0) groups[number] = shortest;
        return shortest;
      }
      case types.REPETITION:
        return token.min * visit(token.value);
      case types.REFERENCE:
        return groups[token.value - 1] ?? 0;
      case types.POSITION:
        return 0;
      default:
        return 1;
    }
  };
  return visit(root);
}
