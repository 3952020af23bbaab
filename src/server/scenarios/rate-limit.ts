import type { CacheUsage } from '../../cache-usage.js';
import { createTokenTable, tableUsage, tokenKey } from './token-table.js';

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
