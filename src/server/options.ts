import type { FastifyServerOptions } from 'fastify';

export interface FakeServerOptions {
  /** Seed of the data universe. Same seed, same data. Default 1. */
  readonly seed?: number;
  /** The clock: a fixed instant, or a function read per request. Default: real time. */
  readonly now?: Date | (() => Date);
  /** When non-empty, only these bearer tokens are accepted (compared in constant time). */
  readonly tokens?: readonly string[];
  /** Largest accepted request body, in bytes. Default 65536. */
  readonly bodyLimit?: number;
  /** Deepest accepted JSON nesting of a body. Default 16 (the spec's deepest member is at 3). */
  readonly maxDepth?: number;
  /** Fastify's logger setting. Default off. The Authorization header is always redacted. */
  readonly logger?: FastifyServerOptions['logger'];
}

export interface ResolvedOptions {
  readonly seed: number;
  readonly clock: () => Date;
  readonly tokens: readonly string[];
  readonly bodyLimit: number;
  readonly maxDepth: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_BODY_LIMIT = 65_536;
export const DEFAULT_MAX_DEPTH = 16;

export function resolveOptions(options: FakeServerOptions): ResolvedOptions {
  const { now } = options;
  const clock = now === undefined ? () => new Date() : now instanceof Date ? () => now : now;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`Failed to build the fake server: seed must be an integer, got ${seed}.`);
  if (now instanceof Date && Number.isNaN(now.getTime())) throw new Error('Failed to build the fake server: now is not a valid date.');
  return {
    seed,
    clock,
    tokens: options.tokens ?? [],
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
  };
}
