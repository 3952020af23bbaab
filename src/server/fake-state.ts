import { createRandom } from '../data/random.js';
import { createNewSeedGate } from './new-seeds.js';
import type { ResolvedOptions } from './options.js';
import { createLatencySource } from './scenarios/latency.js';
import { createQuota, createRateLimiter, type Quota, type RateLimiter } from './scenarios/rate-limit.js';

/**
 * What a fake remembers between requests that changes later answers: each token's rate-limit bucket and quota count,
 * the server-wide bucket of new seeds (new-seeds.ts), and how far the seeded draws (a `latency` range, `failRate`)
 * are into their sequences. `reset()` forgets all of it, so the fake answers as one just built with the same options.
 * Caches are no such state (a cold and a warm cache give the same answer) and are kept.
 */
export interface FakeState {
  /** Undefined without `rateLimit`. */
  readonly limiter: RateLimiter | undefined;
  /** Undefined without `quota`. */
  readonly quota: Quota | undefined;
  /** The server's delay before the next answer (`latency`), in milliseconds. */
  readonly latency: () => number;
  /** Whether the next valid call fails (`failRate`). */
  readonly fails: () => boolean;
  /** Takes one seed from the bucket of new seeds: the seconds to wait (0: now). */
  readonly newSeed: () => number;
  readonly reset: () => void;
}

export function createFakeState(settings: ResolvedOptions): FakeState {
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
    limiter,
    quota,
    latency: () => latency(),
    fails: () => failRate > 0 && failures.chance(failRate),
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
