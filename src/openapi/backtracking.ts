import type { Char, Set as CharSet, SetToken } from 'ret';
import { alternativesOf, parsePattern, types, type PatternToken } from './pattern-tokens.js';

/**
 * How many ways a repeated part may match the same text before a backtracking engine gives up on it: past this, one
 * request can hold the event loop for seconds. `(\d{1,3}\.){3}` (27 ways) passes; `(a|aa)+` and `(a+)+` do not.
 */
export const MAX_AMBIGUITY = 10_000;

/** Whether a one-character token (a character, a class, a range) matches a character. */
function matches(token: SetToken, code: number): boolean {
  if (token.type === types.CHAR) return token.value === code;
  if (token.type === types.RANGE) return token.from <= code && code <= token.to;
  return token.set.some((inner) => matches(inner, code)) !== token.not;
}

/**
 * Whether a repetition of one character class is followed by a character the class cannot match (`[a-z]+\.`): it
 * must stop right before that character, so it matches in one way only.
 */
function endsAtSeparator(token: PatternToken, next: PatternToken | undefined): boolean {
  return token.type === types.REPETITION && next?.type === types.CHAR && isOneCharacter(token.value) && !matches(token.value, next.value);
}

const isOneCharacter = (token: PatternToken): token is Char | CharSet => token.type === types.CHAR || token.type === types.SET;

/** How many different ways a token can match (1 when it is deterministic, Infinity when unbounded). */
function ways(token: PatternToken): number {
  if (token.type === types.REPETITION) {
    const inner = ways(token.value);
    const counts = token.max === Infinity ? Infinity : token.max - token.min + 1;
    return counts * inner;
  }
  if (token.type !== types.ROOT && token.type !== types.GROUP) return 1;
  const alternatives = alternativesOf(token);
  const single = alternatives.map((stack) => (stack.length === 1 && stack[0]?.type === types.CHAR ? stack[0].value : undefined));
  // Distinct single characters (`a|b`) are a character class: one way at each place.
  const disjoint = alternatives.length > 1 && single.every((char) => char !== undefined) && new Set(single).size === single.length;
  const each = alternatives.map((stack) =>
    stack.reduce((product, inner, index) => product * (endsAtSeparator(inner, stack[index + 1]) ? 1 : ways(inner)), 1),
  );
  return disjoint ? 1 : alternatives.length > 1 ? each.reduce((sum, count) => sum + count, 0) : (each[0] as number);
}

/**
 * Why matching a pattern may take time exponential in the text's length (a repeated part that can match the same
 * text in more than MAX_AMBIGUITY ways: nested quantifiers, alternatives that overlap under `+`), or undefined. A
 * conservative check of star height and ambiguity; it does not look for polynomial cases such as `\d*\d*\d*`.
 * Throws when the pattern does not parse.
 */
export function whyBacktracks(pattern: string): string | undefined {
  const visit = (token: PatternToken): string | undefined => {
    if (token.type === types.REPETITION) {
      const inner = ways(token.value);
      const times = token.max;
      if (times > 1 && inner > 1 && inner ** times > MAX_AMBIGUITY)
        return 'a repeated part can match the same text in many ways (a quantifier over a group that holds another quantifier or overlapping alternatives)';
      return visit(token.value);
    }
    for (const stack of alternativesOf(token)) {
      for (const inner of stack) {
        const why = visit(inner);
        if (why !== undefined) return why;
      }
    }
    return undefined;
  };
  return visit(parsePattern(pattern));
}
