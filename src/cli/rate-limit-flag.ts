import { UsageError } from './usage-error.js';

/** Seconds per unit of `--rate-limit N/UNIT`. */
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 };

/** What `--rate-limit` sets: a refill rate and a burst. */
interface RateLimitFlag {
  readonly rateLimit: number;
  readonly rateLimitBurst: number;
}

/**
 * `--rate-limit N`, `N/s`, `N/min` or `N/h` (also `N/m`, `N/sec`, `N/hour`...): N calls per unit per token, as a
 * token bucket that refills N per unit and holds at most N, so `5/min` allows 5 calls at once and then one every
 * 12 s. Bare N means per second.
 */
export function parseRateLimit(value: string): RateLimitFlag {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(value);
  const calls = Number(match?.[1]);
  const seconds = UNIT_SECONDS[(match?.[2] ?? 's').toLowerCase()];
  if (match === null || seconds === undefined || !(calls > 0)) {
    throw new UsageError(
      `--rate-limit must be calls per second, minute or hour, e.g. 5, 5/s, 5/min or 100/h: got "${value.slice(0, 40)}".`,
    );
  }
  return { rateLimit: calls / seconds, rateLimitBurst: Math.max(1, calls) };
}
