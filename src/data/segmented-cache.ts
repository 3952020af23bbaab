import { LRUCache } from 'lru-cache';
import type { CacheUsage } from '../cache-usage.js';

/** Share of a segmented cache's bytes for entries used once so far. */
export const PROBATION_SHARE = 0.25;
/** Keys remembered after they left probation unused (a key is a few dozen bytes: ~100 KB at most). */
export const GHOST_KEYS = 1_024;

/**
 * A byte-bounded cache that a scan cannot empty (segmented LRU): a new entry waits in a probation segment, and only
 * one used a second time moves to the protected segment. A client asking for one period after another fills and
 * empties probation; the entries everyone else keeps using stay protected. The keys that left probation unused are
 * remembered for a while, so an entry made again after that (a working set larger than probation, used in turn)
 * goes straight to the protected segment; so does an entry larger than probation (it could not be kept otherwise).
 */
export class SegmentedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private readonly probation: LRUCache<K, V>;
  private readonly protected: LRUCache<K, V>;
  private readonly ghosts = new LRUCache<K, true>({ max: GHOST_KEYS });

  constructor(
    maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {
    const probationBytes = Math.max(1, Math.floor(maxBytes * PROBATION_SHARE));
    this.probation = new LRUCache<K, V>({
      maxSize: probationBytes,
      sizeCalculation: sizeOf,
      dispose: (_value, key, reason) => {
        if (reason === 'evict') this.ghosts.set(key, true);
      },
    });
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
    const seenBefore = this.ghosts.delete(key);
    if (seenBefore || this.sizeOf(value) > this.probation.maxSize) this.protected.set(key, value);
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
