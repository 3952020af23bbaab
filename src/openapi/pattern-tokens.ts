import { createRequire } from 'node:module';

export const ROOT = 0;
export const GROUP = 1;
export const POSITION = 2;
export const SET = 3;
export const RANGE = 4;
export const REPETITION = 5;
export const REFERENCE = 6;
export const CHAR = 7;

/** A regular expression as randexp's parser (ret) reads it; `type` is ret's token type. */
export type PatternToken =
  | {
      readonly type: typeof ROOT | typeof GROUP;
      readonly stack?: PatternToken[];
      readonly options?: PatternToken[][];
      readonly remember?: boolean;
      readonly followedBy?: boolean;
      readonly notFollowedBy?: boolean;
    }
  | { readonly type: typeof POSITION }
  | { readonly type: typeof SET; readonly set: PatternToken[]; readonly not: boolean }
  | { readonly type: typeof RANGE; readonly from: number; readonly to: number }
  | { readonly type: typeof CHAR | typeof REFERENCE; readonly value: number }
  | { readonly type: typeof REPETITION; readonly min: number; readonly max: number; readonly value: PatternToken };

/** randexp is CommonJS (`module.exports = RandExp`), loaded when a pattern is first read. */
export interface RandExp {
  /** The pattern, parsed (randexp keeps it as a field; its type says private). */
  readonly tokens: PatternToken;
}

/** randexp over a pattern; throws when the pattern does not parse. */
export function randExp(pattern: string): RandExp {
  const RandExpClass = createRequire(import.meta.url)('randexp') as new (pattern: string) => RandExp;
  return new RandExpClass(pattern);
}

/** The parts a group or the root chooses between (one part when it has no `|`); none for any other token. */
export function alternativesOf(token: PatternToken): PatternToken[][] {
  if (token.type !== ROOT && token.type !== GROUP) return [];
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
      case ROOT:
      case GROUP: {
        if (token.followedBy === true || token.notFollowedBy === true) return 0;
        const number = token.remember === true ? groups.push(0) - 1 : -1;
        const shortest = Math.min(...alternativesOf(token).map((stack) => stack.reduce((sum, inner) => sum + visit(inner), 0)));
        if (number >= 0) groups[number] = shortest;
        return shortest;
      }
      case REPETITION:
        return token.min * visit(token.value);
      case REFERENCE:
        return groups[token.value - 1] ?? 0;
      case POSITION:
        return 0;
      default:
        return 1;
    }
  };
  return visit(root);
}
