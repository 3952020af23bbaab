import { LRUCache } from 'lru-cache';
import type { CacheUsage } from '../../cache-usage.js';

/**
 * What one entry of a per-token table costs, beyond its key's characters (tokens are ASCII, one byte each): the
 * cache's slots for it (preallocated for the most entries the budget allows), its Map entry and a small value.
 * Counted as 320 + the key's length; test/e2e/memory-estimates.test.ts measures the real heap cost and keeps the
 * estimate above it.
 */
export const TOKEN_ENTRY_BYTES = 320;

/**
 * A per-token table within a byte budget: the least recently seen token goes first when it is full, and an entry
 * not touched for `idleMs` is gone (read as absent). `monotonicMs` is the table's clock.
 */
export function createTokenTable<V extends NonNullable<unknown>>(
  maxBytes: number,
  idleMs: number,
  monotonicMs: () => number,
): LRUCache<string, V> {
  return new LRUCache<string, V>({
    max: Math.max(1, Math.floor(maxBytes / TOKEN_ENTRY_BYTES)),
    maxSize: maxBytes,
    sizeCalculation: (_value, key) => TOKEN_ENTRY_BYTES + key.length,
    ttl: idleMs,
    ttlResolution: 0,
    updateAgeOnGet: true,
    // lru-cache reads a start time of 0 as "no TTL": keep a clock that starts at 0 off it.
    perf: { now: () => monotonicMs() + 1 },
  });
}

/** Entries and bytes held now (expired entries dropped first: until then they only wait to be overwritten). */
export function tableUsage<V extends NonNullable<unknown>>(table: LRUCache<string, V>): CacheUsage {
  table.purgeStale();
  return { entries: table.size, bytes: table.calculatedSize, maxBytes: table.maxSize };
}
