import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { unmeasured, withoutCoverage } from '../helpers/spawn-cli.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(150_000);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The child is measured, not tested: without tap's loaders and coverage, which would add heap of their own. */
const [command, args] = unmeasured(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/helpers/measure-heap.ts']);

t.test(
  "each kind's ENTRY_BYTES is above the real heap cost of one entry at its largest, and not wildly above",
  { timeout: 120_000 },
  async (t) => {
    const run = spawnSync(command, args, {
      cwd: ROOT,
      env: withoutCoverage(process.env),
      encoding: 'utf8',
      timeout: 110_000,
    });
    t.equal(run.status, 0, `the measurement ran (stderr: ${run.stderr.slice(-1_000)})`);
    const results = JSON.parse(run.stdout) as Record<string, { measured: number; estimated: number }>;
    t.ok(Object.keys(results).length >= 8, 'universes, rankings, pages, per-token tables and bodies measured');
    // Each kind's estimate covers its costliest entry (a ranking row in the costliest data modes, say), so it is above
    // every entry measured, and within 3x of the largest one.
    const largest = new Map<number, number>();
    for (const [name, { measured, estimated }] of Object.entries(results)) {
      t.ok(measured > 0, `${name}: something was measured (${measured} bytes)`);
      t.ok(measured <= estimated, `${name}: ENTRY_BYTES ${estimated} for ${measured} measured (x${(estimated / measured).toFixed(2)})`);
      largest.set(estimated, Math.max(largest.get(estimated) ?? 0, measured));
    }
    for (const [estimated, measured] of largest) t.ok(estimated <= 3 * measured, `ENTRY_BYTES ${estimated}: within 3x of ${measured}`);
  },
);
