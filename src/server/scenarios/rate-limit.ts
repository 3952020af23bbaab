/** A token bucket per key: `perSecond` calls a second, bursts up to `burst` calls (default the same number, at least one). */
export interface RateLimiter {
  /** Takes one call for the key; returns the seconds to wait (>= 1) when the bucket is empty, else 0. */
  take(key: string): number;
}

export function createRateLimiter(perSecond: number, monotonicMs: () => number, burst = Math.max(1, perSecond)): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const capacity = burst;
  return {
    take(key) {
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
  };
}

/** Successful calls per key, against a fixed quota. */
export interface Quota {
  exhausted(key: string): boolean;
  record(key: string): void;
}

export function createQuota(limit: number): Quota {
  const used = new Map<string, number>();
  return {
    exhausted: (key) => (used.get(key) ?? 0) >= limit,
    record: (key) => void used.set(key, (used.get(key) ?? 0) + 1),
  };
}
