/** What one cache or per-token table holds now, against its byte budget. */
export interface CacheUsage {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
}
