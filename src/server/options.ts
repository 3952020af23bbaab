import type { FastifyServerOptions } from 'fastify';
import type { SpecInput } from '../openapi/describe.js';
import type { AnswerSource } from './answer-source.js';
import { DEFAULT_TIMESTAMP_WINDOW_S } from './auth.js';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_MEMORY_MB, planMemory, type MemoryBudget } from './memory-budget.js';
import { KitError } from '../kit-errors.js';
import {
  DATA_MODES,
  DEFAULT_DATA_MODES,
  isDataMode,
  isOptionalMode,
  OPTIONAL_MODES,
  type DataMode,
  type OptionalMode,
} from '../data/data-modes.js';

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

/** A fixed delay or a range to draw from. */
export interface LatencyRange {
  readonly min: number;
  readonly max: number;
}

/** `250` or `100-400` (milliseconds), as `--latency` takes it. Returns undefined when the text is neither. */
export function parseLatency(text: string): LatencyRange | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  return min <= max ? { min, max } : undefined;
}

export interface FakeServerOptions {
  /** The spec to serve: a file's path or a parsed OpenAPI 3.1 document. Default: the kit's own (spec/openapi.yaml). */
  readonly spec?: SpecInput;
  /**
   * A drift report (drift.json's path, or its parsed content) to show: the fake serves `spec` changed to describe its
   * findings, as `contract --propose-spec` would (a member production left out is left out). Findings it cannot
   * show are in the server's `driftNotShown`. A report the kit cannot use is a DriftReportError. Default none.
   */
  readonly drift?: string | object;
  /** Seed of the data universe. Same seed, same data. Default 1. */
  readonly seed?: number;
  /** The clock (`--now`): a fixed instant, or a function read per request; it picks the latest period and the answers' timestamps. Default: real time. */
  readonly now?: Date | (() => Date);
  /** When non-empty, only these tokens are accepted, as bearer tokens and as the signed form's access_token (constant-time compare). */
  readonly tokens?: readonly string[];
  /** Seconds either side of the clock a signed request's `timestamp` may be; Infinity accepts any. Default 300. */
  readonly timestampWindowS?: number;
  /** Largest accepted request body, in bytes. Default 65536. */
  readonly bodyLimit?: number;
  /** Deepest accepted JSON nesting of a body. Default 16 (the spec's deepest member is at 3). */
  readonly maxDepth?: number;
  /** Time a client has to send the whole request (headers and body); past it, 408 and close. Default 10000. */
  readonly requestTimeoutMs?: number;
  /** Idle time after which a kept-alive connection is closed. Default 5000. */
  readonly keepAliveTimeoutMs?: number;
  /** Largest accepted request head (request line and headers), in bytes; past it, 431 and close. Default 16384. */
  readonly maxHeaderSize?: number;
  /** Delay before every answer: fixed milliseconds or a seeded range. Default none. */
  readonly latency?: number | LatencyRange;
  /**
   * Calls per token: a number per second, or `'N/s'`, `'N/min'`, `'N/h'` as `--rate-limit` takes them (`'5/min'`: 5
   * at once, then one every 12 s). A token bucket; past it, 30003 with Retry-After. Default unlimited.
   */
  readonly rateLimit?: RateLimit;
  /** Most calls a token may make at once before `rateLimit` applies (the bucket's size). Default: N of `rateLimit`, at least 1. */
  readonly rateLimitBurst?: number;
  /** Successful calls per token; past it, 30002. Default unlimited. */
  readonly quota?: number;
  /**
   * Which of the item's optional fields answers carry (`Prefer: optional=` chooses per request): `'none'`, `'all'`, or
   * `'mixed'`: each present on some items and absent on others, drawn from the seed. Default `'mixed'`.
   */
  readonly optional?: OptionalMode;
  /** `'edge'` for spec-legal extremes (0s, bounds, empty lists, long and foreign names, ties), `'typical'` otherwise (`Prefer: data=`). Default `'typical'`. */
  readonly data?: DataMode;
  /** Share of valid calls answered with 40001, drawn from the seed. Default 0. */
  readonly failRate?: number;
  /** Answer CORS preflights and allow any origin (for browser apps). Default off. */
  readonly cors?: boolean;
  /** Serve /docs, /openapi.json and /openapi.yaml. Default on. */
  readonly docs?: boolean;
  /** Another source of answers consulted first (replayed recordings, a proxied upstream). */
  readonly source?: AnswerSource;
  /**
   * The memory ceiling in MB: the most the server holds above its start-up baseline, for connections, caches and
   * per-token tables together (see memory-budget.ts). Default 256.
   */
  readonly maxMemoryMb?: number;
  /** Most connections open at once; more are closed as they arrive. Each reserves part of maxMemoryMb. Default 512. */
  readonly maxConnections?: number;
  /**
   * Monotonic milliseconds for the rate limiter, the per-token tables, the bound on new seeds and how long a ranking
   * read from the cache counts as in use. A function the test moves (`() => now`) makes a rate-limit test
   * deterministic: buckets refill only when it says. Default performance.now.
   */
  readonly monotonicMs?: () => number;
  /** Fastify's logger setting. Default off. Credentials are never logged: no headers, and URLs with their query redacted. */
  readonly logger?: FastifyServerOptions['logger'];
}

/** The options with every default applied, checked; `rateLimit` in calls per second, `modes` what a request's Prefer does not say. */
export type ResolvedOptions = ReturnType<typeof resolveOptions>;

export const DEFAULT_SEED = 1;
export const DEFAULT_BODY_LIMIT = 65_536;
export const DEFAULT_MAX_HEADER_SIZE = 16_384;

/** Options the fake cannot be built with (out of range, or a memory ceiling too small for the connections). */
export class FakeServerOptionsError extends KitError {
  override readonly name = 'FakeServerOptionsError';
  readonly code = 'FMK_ERR_FAKE_OPTIONS';
}

const fail = (why: string): never => {
  throw new FakeServerOptionsError(`Failed to build the fake server: ${why}.`);
};

export function resolveOptions(options: FakeServerOptions) {
  const { now, latency, rateLimit, quota, failRate = 0 } = options;
  const clock = now === undefined ? () => new Date() : now instanceof Date ? () => now : now;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) fail(`seed must be an integer, got ${seed}`);
  if (now instanceof Date && Number.isNaN(now.getTime())) fail('now is not a valid date');
  const range = typeof latency === 'number' ? { min: latency, max: latency } : latency;
  if (range && !(range.min >= 0 && range.min <= range.max)) fail(`latency must be 0 <= min <= max, got ${range.min}-${range.max}`);
  const rate = rateLimit === undefined ? undefined : parseRate(rateLimit);
  if (rateLimit !== undefined && rate === undefined)
    fail(
      `rateLimit must be calls per second (a positive number) or "N/s", "N/min" or "N/h", got ${typeof rateLimit === 'string' ? JSON.stringify(rateLimit) : rateLimit}`,
    );
  if (options.rateLimitBurst !== undefined && !(options.rateLimitBurst >= 1))
    fail(`rateLimitBurst must be at least 1 call, got ${options.rateLimitBurst}`);
  if (quota !== undefined && !(Number.isInteger(quota) && quota >= 0)) fail(`quota must be a whole number of calls, got ${quota}`);
  if (!(failRate >= 0 && failRate <= 1)) fail(`failRate must be from 0 to 1, got ${failRate}`);
  const { optional = DEFAULT_DATA_MODES.optional, data = DEFAULT_DATA_MODES.data } = options;
  if (!isOptionalMode(optional)) fail(`optional must be one of ${OPTIONAL_MODES.join(', ')}, got ${JSON.stringify(optional)}`);
  if (!isDataMode(data)) fail(`data must be one of ${DATA_MODES.join(', ')}, got ${JSON.stringify(data)}`);
  const timestampWindowS = options.timestampWindowS ?? DEFAULT_TIMESTAMP_WINDOW_S;
  if (!(timestampWindowS >= 0)) fail(`timestampWindowS must be seconds >= 0 (Infinity for any), got ${timestampWindowS}`);
  const { maxMemoryMb = DEFAULT_MAX_MEMORY_MB, maxConnections = DEFAULT_MAX_CONNECTIONS } = options;
  if (!(maxMemoryMb > 0 && Number.isFinite(maxMemoryMb))) fail(`maxMemoryMb must be a positive number of MB, got ${maxMemoryMb}`);
  if (!(Number.isSafeInteger(maxConnections) && maxConnections > 0))
    fail(`maxConnections must be a positive whole number, got ${maxConnections}`);
  const { bodyLimit = DEFAULT_BODY_LIMIT, maxHeaderSize = DEFAULT_MAX_HEADER_SIZE } = options;
  let memory: MemoryBudget;
  try {
    memory = planMemory({ maxMemoryMb, maxConnections, bodyLimit, maxHeaderSize });
  } catch (error) {
    return fail((error as Error).message);
  }
  return {
    seed,
    clock,
    tokens: options.tokens ?? [],
    timestampWindowS,
    bodyLimit,
    maxDepth: options.maxDepth ?? 16,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 5_000,
    maxHeaderSize,
    latency: range,
    rateLimit: rate?.perSecond,
    rateLimitBurst: options.rateLimitBurst ?? (rate === undefined ? undefined : Math.max(1, rate.calls)),
    quota,
    failRate,
    modes: { optional, data },
    cors: options.cors ?? false,
    docs: options.docs ?? true,
    maxConnections,
    memory,
    monotonicMs: options.monotonicMs ?? (() => performance.now()),
  };
}
