import type { CacheUsage } from '../cache-usage.js';
import { PIPELINED_BYTES } from './pipelining.js';

/**
 * The server's one memory ceiling (`--max-memory`), split into the bounds of everything that grows with what clients
 * send: connections, every cache and every per-token table. Each share is a byte budget its owner enforces with its
 * own size estimates (conservative, documented next to them); the shares add up to the ceiling.
 */
export interface MemoryBudget {
  /** The ceiling: most bytes the server holds above its start-up baseline. */
  readonly totalBytes: number;
  /** Reserved for open connections: `maxConnections` x connectionBytes(). */
  readonly connectionBytes: number;
  /** Left to the garbage collector and to work in progress (see CACHE_SHARE): not accounted by anything. */
  readonly headroomBytes: number;
  /** Rankings of the server's own seed (rows, items, remembered pages, the serializer's item bytes). */
  readonly rankingBytes: number;
  /** Rankings of other seeds (Prefer: seed=N): a budget of their own, so walking through seeds evicts none of the above. */
  readonly otherSeedRankingBytes: number;
  /** Universes: creators' identities and profiles per seed, the server's own seed included. */
  readonly universeBytes: number;
  /** The serializer's joined bytes of recently answered pages. */
  readonly pageBytes: number;
  /** Free answer buffers kept for reuse. */
  readonly answerPoolBytes: number;
  /** Request bodies remembered with their parse and verdict. */
  readonly bodyBytes: number;
  /** Rate-limit buckets, one per token. */
  readonly rateLimitBytes: number;
  /** Quota counters, one per token. */
  readonly quotaBytes: number;
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
 * Share of what the connections leave that the caches may hold. The rest is headroom: V8 lets its heap grow to two
 * to four times what is live before it collects, and a client walking through seeds or periods keeps the caches
 * churning, so everything they evict is garbage waiting for that collection (measured: caches holding 100 MB took
 * the heap to 300 MB). A third of the room for what is kept keeps the peak under the ceiling.
 */
export const CACHE_SHARE = 0.45;
/** Below this the caches cannot hold the server's own universe and a working set of rankings. */
export const MIN_CACHE_BYTES = 40 * 2 ** 20;

/** How the caches' part is divided. */
const CACHE_SHARES = {
  rankingBytes: 0.4,
  otherSeedRankingBytes: 0.1,
  universeBytes: 0.27,
  pageBytes: 0.08,
  answerPoolBytes: 0.02,
  bodyBytes: 0.05,
  rateLimitBytes: 0.04,
  quotaBytes: 0.04,
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
  const shares = Object.fromEntries(Object.entries(CACHE_SHARES).map(([name, share]) => [name, Math.floor(cacheBytes * share)])) as Record<
    keyof typeof CACHE_SHARES,
    number
  >;
  const cached = Object.values(shares).reduce((sum, bytes) => sum + bytes, 0);
  return { totalBytes, connectionBytes: reserved, headroomBytes: totalBytes - reserved - cached, ...shares };
}

/** Everything the budget bounds, as held now: `app.memoryUsage()`. */
export interface MemoryUsage {
  readonly budget: MemoryBudget;
  readonly universes: CacheUsage;
  readonly rankings: CacheUsage;
  readonly otherSeedRankings: CacheUsage;
  readonly pageBytes: CacheUsage;
  readonly answerPool: CacheUsage;
  readonly bodies: CacheUsage;
  /** Absent without rateLimit. */
  readonly rateLimit?: CacheUsage;
  /** Absent without quota. */
  readonly quota?: CacheUsage;
}
