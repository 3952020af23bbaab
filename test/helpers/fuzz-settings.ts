/** Bounded in `npm test`; `npm run fuzz` raises the runs and picks a fresh seed, printing how to replay it. */
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 424_242);
const DEFAULT_RUNS = 300;
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? DEFAULT_RUNS);

export const fuzzParameters = (runs = FUZZ_RUNS) => ({ seed: FUZZ_SEED, numRuns: runs });

/** A fuzz file's timeout: `bounded` for the runs `npm test` makes, more in proportion for `npm run fuzz`'s. */
export const fuzzTimeoutMs = (bounded: number): number => bounded * Math.max(1, FUZZ_RUNS / DEFAULT_RUNS);
