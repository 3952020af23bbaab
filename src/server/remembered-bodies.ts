import { LRUCache } from 'lru-cache';
import type { CacheUsage } from '../cache-usage.js';
import type { RequestValidator, RequestVerdict } from '../openapi/request-validator.js';
import { parseJsonBody, type ParsedBody } from './json-body.js';

/** Bodies longer than this are parsed every time (a test suite's bodies are a few hundred bytes). */
const LONGEST_REMEMBERED = 2_048;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * What a remembered body may hold, in bytes: its text (two bytes a character at worst), its parsed value (objects
 * 64 + 32 per member, arrays 32 + 8 per item, strings 24 + two bytes a character, other values 16), the spec's verdict
 * on it with its message (512) and the cache's entry (256). test/e2e/memory-estimates.test.ts keeps this above the
 * real heap cost.
 */
export function rememberedBytes(text: string, parsed: ParsedBody): number {
  let bytes = 2 * text.length + 24 + 512 + 256;
  const stack: unknown[] = parsed.ok ? [parsed.value] : [];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') bytes += 24 + 2 * value.length;
    else if (Array.isArray(value)) {
      bytes += 32 + 8 * value.length;
      stack.push(...(value as unknown[]));
    } else if (typeof value === 'object' && value !== null) {
      const members = Object.entries(value);
      bytes += 64 + 32 * members.length;
      for (const [key, child] of members) stack.push(key, child);
    } else bytes += 16;
  }
  return bytes;
}

/**
 * Parsing and validation, remembered by the body's exact text. Test suites send the same few bodies over and over;
 * the second time, the parsed value and the spec's verdict on it are looked up instead of computed. A remembered
 * value is shared by every request that sent that text, so it is deeply frozen (nothing in the fake changes a body;
 * this makes sure nothing can). Texts of up to 2 KB are kept within `maxBytes`; the least recently used go first.
 */
export function createRememberedBodies(
  maxDepth: number,
  validate: RequestValidator,
  maxBytes: number,
): {
  readonly parse: (text: string) => ParsedBody;
  readonly validate: (body: unknown) => RequestVerdict;
  readonly usage: () => CacheUsage;
} {
  const parsed = new LRUCache<string, ParsedBody>({ maxSize: maxBytes, sizeCalculation: (value, text) => rememberedBytes(text, value) });
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
    usage: () => ({ entries: parsed.size, bytes: parsed.calculatedSize, maxBytes: parsed.maxSize }),
  };
}
