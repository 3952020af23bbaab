/** What one cache or per-token table holds now, against its bound: `size` counts what the bound counts. */
export interface CacheUsage {
  readonly entries: number;
  /** Entries; for rankings, rows; for the answer pool, bytes. */
  readonly size: number;
  readonly maxSize: number;
}

/** A count-bounded lru-cache's usage. */
export const countUsage = (cache: { readonly size: number; readonly max: number }): CacheUsage => ({
  entries: cache.size,
  size: cache.size,
  maxSize: cache.max,
});
