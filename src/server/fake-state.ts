import { createRandom } from '../data/random.js';
import { createNewSeedGate } from './new-seeds.js';
import type { LatencyRange, ResolvedOptions } from './options.js';
import { createQuota, createRateLimiter } from './scenarios/rate-limit.js';

/**
 * What a fake remembers between requests that changes later answers: each token's rate-limit bucket and quota count,
 * the server-wide bucket of new seeds (new-seeds.ts), and how far the seeded draws (a `latency` range, `failRate`)
 * are into their sequences. `reset()` forgets all of it, so the fake answers as one just built with the same options.
 * Caches are no such state (a cold and a warm cache give the same answer) and are kept.
 */
export function createFakeState(settings: ResolvedOptions) {
  const { seed, monotonicMs, memory, failRate } = settings;
  const limiter =
    settings.rateLimit === undefined
      ? undefined
      : createRateLimiter(settings.rateLimit, monotonicMs, memory.rateLimitTokens, settings.rateLimitBurst);
  const quota = settings.quota === undefined ? undefined : createQuota(settings.quota, monotonicMs, memory.quotaTokens);
  const seeds = createNewSeedGate(monotonicMs);
  let latency = createLatencySource(settings.latency, seed);
  let failures = createRandom('failures', seed);
  return {
    /** Undefined without `rateLimit`. */
    limiter,
    /** Undefined without `quota`. */
    quota,
    /** The server's delay before the next answer (`latency`), in milliseconds. */
    latency: () => latency(),
    /** Whether the next valid call fails (`failRate`). */
    fails: () => failRate > 0 && failures.chance(failRate),
    /** Takes one seed from the bucket of new seeds: the seconds to wait (0: now). */
    newSeed: () => seeds.take(),
    reset: () => {
      limiter?.clear();
      quota?.clear();
      seeds.clear();
      latency = createLatencySource(settings.latency, seed);
      failures = createRandom('failures', seed);
    },
  };
}

/** Seeded draws, so a run with the same seed sees the same sequence of delays. */
function createLatencySource(range: LatencyRange | undefined, seed: number): () => number {
  if (range === undefined) return () => 0;
  const random = createRandom('latency', seed);
  return () => random.int(range.min, range.max);
}
