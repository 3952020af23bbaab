/**
 * The long fuzz run: `npm run fuzz` (fresh seed) or `FUZZ_SEED=S FUZZ_RUNS=N npm run fuzz` (replay).
 * `npm test` runs the same properties bounded, with a fixed seed (test/e2e/fuzz-*.test.ts); their timeouts grow with the runs.
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const seed = process.env['FUZZ_SEED'] ?? String(randomInt(1, 2 ** 31 - 1));
const runs = process.env['FUZZ_RUNS'] ?? '5000';
console.log(`fuzz: seed ${seed}, ${runs} runs per property (socket: a third of that)`);
const result = spawnSync(
  'npx',
  ['--no-install', 'tap', '--disable-coverage', 'test/e2e/fuzz-inject.test.ts', 'test/e2e/fuzz-socket.test.ts'],
  {
    stdio: 'inherit',
    env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs },
  },
);
const status = result.status ?? 1;
console.log(
  status === 0
    ? `fuzz: no counterexample (seed ${seed}, ${runs} runs)`
    : `fuzz: FAILED. Replay with: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz (the counterexample and its shrink path are above)`,
);
process.exitCode = status;
