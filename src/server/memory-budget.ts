import type { CacheUsage } from '../cache-usage.js';
import { PIPELINED_BYTES } from './pipelining.js';

/**
 * The most heap one entry of each kind can hold, each bounded by how the entry is made. Every cache is bounded by a
 * count of these, so these numbers are the only size figures in the server; test/e2e/memory-estimates.test.ts
 * measures each and fails when one is exceeded.
 */
export const ENTRY_BYTES = {
  /** A seed's universe with every region made: its creators' identities and profiles. */
  universe: 6 * 2 ** 20,
  /**
   * A ranking row: its item, its creator's view, its categories, its place in both orders and its item's JSON bytes.
   * A ranking's remembered page (at most 100 item references and its key) is counted as one row too. Sized for the
   * default modes (`optional=mixed` or none, typical data).
   */
  rankingRow: 2_816,
  /** A row of a ranking with every optional field (`optional=all`) or edge data: an item of its own, long names. */
  richRankingRow: 4_096,
  /** The joined JSON bytes of one answered page (at most 100 items), with the items it keeps alive. */
  page: 200 * 1_024,
  /** A remembered request body (text of at most LONGEST_REMEMBERED characters), its parsed value and verdict. */
  body: 24 * 1_024,
  /** One token's rate-limit bucket or quota count, its key at most TOKEN_KEY_CHARS. */
  token: 448,
} as const;

/** What each cache may hold, derived from the ceiling. */
export interface MemoryBudget {
  /** The ceiling: most bytes the server holds above its start-up baseline. */
  readonly totalBytes: number;
  /** Reserved for open connections: `maxConnections` x connectionBytes(). */
  readonly connectionBytes: number;
  /** Left to the garbage collector and to work in progress (see CACHE_SHARE): not accounted by anything. */
  readonly headroomBytes: number;
  /** Universes other than the server's own seed's (which is always kept). */
  readonly universes: number;
  /** Rows of rankings (their remembered pages counted as rows). */
  readonly rankingRows: number;
  /** Answered pages whose joined item bytes are kept. */
  readonly pages: number;
  /** Free answer buffers kept for reuse, in bytes (exact: a buffer's length). */
  readonly answerPoolBytes: number;
  /** Request bodies remembered with their parse and verdict. */
  readonly bodies: number;
  /** Rate-limit buckets, one per token. */
  readonly rateLimitTokens: number;
  /** Quota counters, one per token. */
  readonly quotaTokens: number;
}

export const DEFAULT_MAX_MEMORY_MB = 256;
export const DEFAULT_MAX_CONNECTIONS = 512;
/** Node's and Fastify's objects for one socket and its request: ~7 KB while the head arrives, ~13 KB with a request read. */
export const CONNECTION_OVERHEAD_BYTES = 16 * 1024;
/**
 * What one connection may hold: its objects, its head (at most maxHeaderSize), a body being read (at most bodyLimit, in
 * one buffer) and the pipelined requests waiting behind it (pipelining.ts).
 */
export const connectionBytes = (bodyLimit: number, maxHeaderSize: number): number =>
  CONNECTION_OVERHEAD_BYTES + maxHeaderSize + bodyLimit + PIPELINED_BYTES;
/**
 * Share of what the connections leave that the caches may hold. The rest is headroom for garbage: a client walking
 * through seeds or periods keeps the caches churning, and what they evict waits for V8's next full collection, which
 * `serve` lets come when the heap is twice what is live (src/cli/heap-growth.ts).
 */
export const CACHE_SHARE = 0.45;
/** Below this the caches cannot hold the server's own universe and a working set of rankings. */
export const MIN_CACHE_BYTES = 40 * 2 ** 20;

/** How the caches' part is divided, and the size of one entry of each. */
const CACHES = {
  universes: [0.25, ENTRY_BYTES.universe],
  rankingRows: [0.47, ENTRY_BYTES.rankingRow],
  pages: [0.14, ENTRY_BYTES.page],
  answerPoolBytes: [0.02, 1],
  bodies: [0.06, ENTRY_BYTES.body],
  rateLimitTokens: [0.03, ENTRY_BYTES.token],
  quotaTokens: [0.03, ENTRY_BYTES.token],
} as const;

export interface MemoryLimits {
  readonly maxMemoryMb: number;
  readonly maxConnections: number;
  readonly bodyLimit: number;
  readonly maxHeaderSize: number;
}

/** The bounds for a ceiling and a connection limit; throws with what to change when the caches would not fit. */
export function planMemory(limits: MemoryLimits): MemoryBudget {
  const { maxMemoryMb, maxConnections } = limits;
  const perConnection = connectionBytes(limits.bodyLimit, limits.maxHeaderSize);
  const totalBytes = Math.floor(maxMemoryMb * 2 ** 20);
  const reserved = maxConnections * perConnection;
  const cacheBytes = Math.floor(Math.max(0, totalBytes - reserved) * CACHE_SHARE);
  if (cacheBytes < MIN_CACHE_BYTES) {
    const needed = Math.ceil((MIN_CACHE_BYTES / CACHE_SHARE + reserved) / 2 ** 20);
    throw new Error(
      `a memory ceiling of ${maxMemoryMb} MB leaves ${Math.floor(cacheBytes / 2 ** 20)} MB for caches after ${maxConnections} connections ` +
        `(${Math.ceil(perConnection / 1024)} KiB each) and the garbage collector's headroom, and the caches need ${MIN_CACHE_BYTES / 2 ** 20} MB: ` +
        `raise the ceiling (--max-memory, maxMemoryMb) to at least ${needed} or allow fewer connections (--max-connections, maxConnections)`,
    );
  }
  const counts = Object.fromEntries(
    Object.entries(CACHES).map(([name, [share, entryBytes]]) => [name, Math.floor((cacheBytes * share) / entryBytes)]),
  ) as Record<keyof typeof CACHES, number>;
  // The home seed's universe is kept outside the cache, in the universes' share.
  const universes = counts.universes - 1;
  const cached = Object.entries(CACHES).reduce((sum, [name, [, entryBytes]]) => sum + counts[name as keyof typeof CACHES] * entryBytes, 0);
  return { totalBytes, connectionBytes: reserved, headroomBytes: totalBytes - reserved - cached, ...counts, universes };
}

/** Everything the budget bounds, as held now: `app.memoryUsage()`. */
export interface MemoryUsage {
  readonly budget: MemoryBudget;
  readonly universes: CacheUsage;
  readonly rankings: CacheUsage;
  readonly pages: CacheUsage;
  readonly answerPool: CacheUsage;
  readonly bodies: CacheUsage;
  /** Absent without rateLimit. */
  readonly rateLimit?: CacheUsage;
  /** Absent without quota. */
  readonly quota?: CacheUsage;
}
