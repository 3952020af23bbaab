import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { countUsage, type CacheUsage } from '../../cache-usage.js';

/** A token bucket per key: `perSecond` calls a second, bursts up to `burst` calls (default: the same number, at least one). */
export interface RateLimiter {
  /** Takes one call for the key; returns the seconds to wait (>= 1) when the bucket is empty, else 0. */
  take(key: string): number;
  usage(): CacheUsage;
  /** Forgets every bucket: each token starts again full. */
  clear(): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Buckets live in a table of at most `maxEntries` tokens. A bucket left alone refills completely within capacity / perSecond
 * seconds and then says nothing a new bucket would not, so it expires after that long; when the table is full, the
 * least recently seen token's bucket goes (that token starts again with a full bucket).
 */
export function createRateLimiter(perSecond: number, monotonicMs: () => number, maxEntries: number, burst = perSecond): RateLimiter {
  const capacity = Math.max(1, burst);
  const buckets = createTokenTable<Bucket>(maxEntries, Math.ceil((capacity / perSecond) * 1000), monotonicMs);
  return {
    take(token) {
      const key = tokenKey(token);
      const now = monotonicMs();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
    usage: () => tableUsage(buckets),
    clear: () => buckets.clear(),
  };
}

/** Successful calls per key, against a fixed quota. */
export interface Quota {
  exhausted(key: string): boolean;
  record(key: string): void;
  usage(): CacheUsage;
  /** Forgets every count: each token starts again from zero. */
  clear(): void;
}

/** A token not seen for this long starts its quota again. */
export const QUOTA_IDLE_MS = 60 * 60 * 1000;

/**
 * Counters live in a table of at most `maxEntries` tokens; a token not seen for QUOTA_IDLE_MS, or the least recently seen one
 * when the table is full, is forgotten and starts again from zero.
 */
export function createQuota(limit: number, monotonicMs: () => number, maxEntries: number): Quota {
  const used = createTokenTable<number>(maxEntries, QUOTA_IDLE_MS, monotonicMs);
  const count = (token: string): number => used.get(tokenKey(token)) ?? 0;
  return {
    exhausted: (token) => count(token) >= limit,
    record: (token) => void used.set(tokenKey(token), count(token) + 1),
    usage: () => tableUsage(used),
    clear: () => used.clear(),
  };
}

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
