/** The units a rate limit may be written in: per second, minute or hour. */
export type RateUnit = 's' | 'sec' | 'second' | 'm' | 'min' | 'minute' | 'h' | 'hour';

/**
 * A rate limit: calls per second as a number, or `'N/UNIT'` (`'5/s'`, `'5/min'`, `'100/h'`), the form `--rate-limit`
 * takes too.
 */
export type RateLimit = number | `${number}/${RateUnit}`;

/** Seconds per unit (any case). */
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 };

/** A token bucket's refill rate and size. */
export interface Rate {
  readonly perSecond: number;
  /** N of `N/UNIT`: the bucket holds N calls, so `5/min` allows 5 calls at once, then one every 12 s. */
  readonly calls: number;
}

/** `5`, `'5'`, `'5/s'`, `'5/min'` or `'100/h'` (also `m`, `sec`, `hour`...; bare N is per second); undefined when it is none. */
export function parseRate(value: number | string): Rate | undefined {
  if (typeof value === 'number') return value > 0 && Number.isFinite(value) ? { perSecond: value, calls: value } : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(value);
  const calls = Number(match?.[1]);
  const seconds = UNIT_SECONDS[(match?.[2] ?? 's').toLowerCase()];
  if (match === null || seconds === undefined || !(calls > 0)) return undefined;
  return { perSecond: calls / seconds, calls };
}
