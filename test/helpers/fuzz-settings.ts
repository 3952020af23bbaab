/** Bounded in `npm test`; `npm run fuzz` raises the runs and picks a fresh seed, printing how to replay it. */
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 424_242);
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

export const fuzzParameters = (runs = FUZZ_RUNS) => ({ seed: FUZZ_SEED, numRuns: runs });
