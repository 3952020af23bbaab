import { createRateLimiter } from './scenarios/rate-limit.js';

/**
 * Decision: what Prefer: seed=N may cost. Making a seed's universe and its every-region ranking holds the main thread,
 * garbage collection pauses included, long enough to hold up every other request (bench/OPTIMISATIONS.md, "New-seed
 * gate"). So seeds not kept yet are made at most NEW_SEEDS_BURST at once and then NEW_SEEDS_PER_SECOND a second,
 * server-wide: a test suite's few seeds come at once, and a client walking through seeds gets 30003 with Retry-After
 * instead of stalling everyone. The server's own seed's data is never pushed out by other seeds': its universe is kept
 * apart, and a ranking is kept from its second build on.
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
