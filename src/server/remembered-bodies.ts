import { LRUCache } from 'lru-cache';
import { countUsage, type CacheUsage } from '../cache-usage.js';
import type { RequestValidator, RequestVerdict } from '../openapi/request-validator.js';
import { jsonDepth } from '../json-depth.js';

/** The parser's outcome: the value, or why the text is not acceptable JSON. */
export type ParsedBody =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: 'syntax' | 'depth'; readonly detail: string };

/** Parses a JSON body. An empty body means "no body" (the spec's defaults apply). */
export function parseJsonBody(text: string, maxDepth: number): ParsedBody {
  if (text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'syntax', detail: (error as Error).message };
  }
  const depth = jsonDepth(value, maxDepth);
  return depth > maxDepth ? { ok: false, reason: 'depth', detail: String(depth) } : { ok: true, value };
}

/**
 * Bodies longer than this are parsed every time (a test suite's bodies are a few hundred bytes). It bounds what a
 * remembered body holds: ENTRY_BYTES.body (memory-budget.ts).
 */
export const LONGEST_REMEMBERED = 1_024;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Parsing and validation, remembered by the body's exact text. Test suites send the same few bodies over and over;
 * the second time, the parsed value and the spec's verdict on it are looked up instead of computed. A remembered
 * value is shared by every request that sent that text, so it is deeply frozen (nothing in the fake changes a body;
 * this makes sure nothing can). At most `maxEntries` texts of up to LONGEST_REMEMBERED characters are kept; the least
 * recently used go first.
 */
export function createRememberedBodies(
  maxDepth: number,
  validate: RequestValidator,
  maxEntries: number,
): {
  readonly parse: (text: string) => ParsedBody;
  readonly validate: (body: unknown) => RequestVerdict;
  readonly usage: () => CacheUsage;
} {
  const parsed = new LRUCache<string, ParsedBody>({ max: Math.max(1, maxEntries) });
  const verdicts = new WeakMap<object, RequestVerdict>();
  return {
    parse: (text) => {
      const known = parsed.get(text);
      if (known !== undefined) return known;
      const fresh = parseJsonBody(text, maxDepth);
      if (text.length <= LONGEST_REMEMBERED) {
        if (fresh.ok) deepFreeze(fresh.value);
        parsed.set(text, fresh);
      }
      return fresh;
    },
    validate: (body) => {
      if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) return validate(body);
      let verdict = verdicts.get(body);
      if (verdict === undefined) {
        verdict = validate(body);
        verdicts.set(body, verdict);
      }
      return verdict;
    },
    usage: () => countUsage(parsed),
  };
}
