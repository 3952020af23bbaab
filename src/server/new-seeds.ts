import { createRateLimiter } from './scenarios/rate-limit.js';

/**
 * Decision: what Prefer: seed=N may cost. A seed's universe (~5 MB) and its rankings come from shares of the memory
 * ceiling of their own, so other seeds never push out the server's own seed's data. Making a seed's every-region
 * ranking takes ~100 ms of the main thread, about a third of it garbage collection in pauses of up to ~90 ms that
 * hold up every other request (measured: bench/RESULTS.md, hostile load). So seeds not kept yet are made at most
 * NEW_SEEDS_BURST at once and then NEW_SEEDS_PER_SECOND a second, server-wide: a test suite's few seeds come at once,
 * and a client walking through seeds gets 30003 with Retry-After instead of stalling everyone (at 2 a second the
 * pauses already pushed a normal client's p99 past 50 ms in some runs; at 1 it stayed under 20 ms).
 */
export const NEW_SEEDS_PER_SECOND = 1;
export const NEW_SEEDS_BURST = 4;

export interface NewSeedGate {
  /** Takes one seed from the server-wide bucket: the seconds to wait before the next may be made (0: now). */
  take(): number;
  /** Fills the bucket again. */
  clear(): void;
}

export function createNewSeedGate(monotonicMs: () => number): NewSeedGate {
  const bucket = createRateLimiter(NEW_SEEDS_PER_SECOND, monotonicMs, 1, NEW_SEEDS_BURST);
  return { take: () => bucket.take('new seed'), clear: () => bucket.clear() };
}
