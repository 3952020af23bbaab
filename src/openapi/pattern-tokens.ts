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
  | { readonly type: typeof REPETITION; readonly min: number; max: number; readonly value: PatternToken };

/** randexp is CommonJS (`module.exports = RandExp`), loaded when a pattern is first read. */
export interface RandExp {
  max: number;
  randInt: (min: number, max: number) => number;
  gen(): string;
  /** What gen() walks (randexp keeps it as a field; its type says private). */
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

interface Bounds {
  readonly min: number;
  readonly max: number;
}

/**
 * The shortest and longest text a pattern's tokens make as randexp generates them (a lookaround makes nothing), `*`
 * and `+` repeating at most `repeat` times more than their minimum.
 */
export function lengthBounds(root: PatternToken, repeat: number): Bounds {
  const groups: Bounds[] = [];
  const visit = (token: PatternToken): Bounds => {
    switch (token.type) {
      case ROOT:
      case GROUP: {
        if (token.followedBy === true || token.notFollowedBy === true) return { min: 0, max: 0 };
        const number = token.remember === true ? groups.push({ min: 0, max: 0 }) - 1 : -1;
        const parts = alternativesOf(token).map((stack) =>
          stack.map(visit).reduce((sum, bounds) => ({ min: sum.min + bounds.min, max: sum.max + bounds.max }), { min: 0, max: 0 }),
        );
        const bounds = { min: Math.min(...parts.map((part) => part.min)), max: Math.max(...parts.map((part) => part.max)) };
        if (number >= 0) groups[number] = bounds;
        return bounds;
      }
      case REPETITION: {
        const inner = visit(token.value);
        const times = token.max === Infinity ? token.min + repeat : token.max;
        return { min: token.min * inner.min, max: times * inner.max };
      }
      case REFERENCE:
        return groups[token.value - 1] ?? { min: 0, max: 0 };
      case POSITION:
        return { min: 0, max: 0 };
      default:
        return { min: 1, max: 1 };
    }
  };
  return visit(root);
}

/** Makes every repetition in the tokens repeat exactly its minimum: what randexp generates is then the shortest text. */
export function repeatMinimum(token: PatternToken): void {
  if (token.type === REPETITION) {
    token.max = token.min;
    repeatMinimum(token.value);
  }
  for (const stack of alternativesOf(token)) for (const inner of stack) repeatMinimum(inner);
}
