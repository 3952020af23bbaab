import { LRUCache } from 'lru-cache';
import type { CacheUsage } from '../cache-usage.js';

/** Share of a segmented cache's bytes for entries used once so far. */
export const PROBATION_SHARE = 0.25;

/**
 * A byte-bounded cache that a scan cannot empty (segmented LRU): a new entry waits in a probation segment, and only
 * one used a second time moves to the protected segment. A client asking for one period after another fills and
 * empties probation; the entries everyone else keeps using stay protected. An entry larger than probation goes
 * straight to the protected segment (it could not be kept at all otherwise).
 */
export class SegmentedCache<K extends {}, V extends {}> {
  private readonly probation: LRUCache<K, V>;
  private readonly protected: LRUCache<K, V>;

  constructor(
    maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {
    const probationBytes = Math.max(1, Math.floor(maxBytes * PROBATION_SHARE));
    this.probation = new LRUCache<K, V>({ maxSize: probationBytes, sizeCalculation: sizeOf });
    this.protected = new LRUCache<K, V>({ maxSize: Math.max(1, maxBytes - probationBytes), sizeCalculation: sizeOf });
  }

  get(key: K): V | undefined {
    const kept = this.protected.get(key);
    if (kept !== undefined) return kept;
    const once = this.probation.get(key);
    if (once !== undefined) {
      this.probation.delete(key);
      this.protected.set(key, once);
    }
    return once;
  }

  set(key: K, value: V): void {
    if (this.sizeOf(value) > this.probation.maxSize) this.protected.set(key, value);
    else this.probation.set(key, value);
  }

  usage(): CacheUsage {
    return {
      entries: this.probation.size + this.protected.size,
      bytes: this.probation.calculatedSize + this.protected.calculatedSize,
      maxBytes: this.probation.maxSize + this.protected.maxSize,
    };
  }
}
