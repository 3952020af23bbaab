import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { countUsage, type CacheUsage } from '../../cache-usage.js';

/** Longest token kept as its own key; a longer one is keyed by its digest, so an entry's size is bounded. */
export const TOKEN_KEY_CHARS = 64;

/** A per-token table's key for a token. */
export const tokenKey = (token: string): string =>
  token.length <= TOKEN_KEY_CHARS ? token : `sha256:${createHash('sha256').update(token).digest('base64url')}`;

/**
 * A per-token table of at most `maxEntries` tokens: the least recently seen token goes first when it is full, and an
 * entry not touched for `idleMs` is gone (read as absent). `monotonicMs` is the table's clock. Keys are tokenKey()s.
 */
export function createTokenTable<V extends NonNullable<unknown>>(
  maxEntries: number,
  idleMs: number,
  monotonicMs: () => number,
): LRUCache<string, V> {
  return new LRUCache<string, V>({
    max: Math.max(1, maxEntries),
    ttl: idleMs,
    ttlResolution: 0,
    updateAgeOnGet: true,
    // lru-cache reads a start time of 0 as "no TTL": keep a clock that starts at 0 off it.
    perf: { now: () => monotonicMs() + 1 },
  });
}

/** Entries held now (expired entries dropped first: until then they only wait to be overwritten). */
export function tableUsage<V extends NonNullable<unknown>>(table: LRUCache<string, V>): CacheUsage {
  table.purgeStale();
  return countUsage(table);
}
