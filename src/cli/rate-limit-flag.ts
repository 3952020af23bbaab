import { parseRate } from '../server/rate-limit-option.js';
import { UsageError } from './usage-error.js';

/** What `--rate-limit` sets: a refill rate and a burst. */
interface RateLimitFlag {
  readonly rateLimit: number;
  readonly rateLimitBurst: number;
}

/**
 * `--rate-limit N`, `N/s`, `N/min` or `N/h` (also `N/m`, `N/sec`, `N/hour`...): N calls per unit per token, as a
 * token bucket that refills N per unit and holds at most N, so `5/min` allows 5 calls at once and then one every
 * 12 s. Bare N means per second. The same form as the `rateLimit` option's (rate-limit-option.ts).
 */
export function parseRateLimit(value: string): RateLimitFlag {
  const rate = parseRate(value);
  if (rate === undefined) {
    throw new UsageError(
      `--rate-limit must be calls per second, minute or hour, e.g. 5, 5/s, 5/min or 100/h: got "${value.slice(0, 40)}".`,
    );
  }
  return { rateLimit: rate.perSecond, rateLimitBurst: Math.max(1, rate.calls) };
}
