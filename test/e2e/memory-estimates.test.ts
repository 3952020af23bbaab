import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The child is measured, not tested: without tap's loaders and coverage (tap adds them to every spawn's NODE_OPTIONS;
 * `env -u` drops them before node starts), which would add heap of their own and misreport coverage.
 */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && key !== 'NODE_V8_COVERAGE' && !key.startsWith('_TAPJS')),
);
const unset = ['NODE_OPTIONS', 'NODE_V8_COVERAGE'].flatMap((name) => ['-u', name]);

t.test('each size estimate is above the real heap cost of what it counts, and not wildly above', { timeout: 120_000 }, async (t) => {
  const run = spawnSync('/usr/bin/env', [...unset, process.execPath, '--expose-gc', '--import', 'tsx', 'test/helpers/measure-heap.ts'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 110_000,
  });
  t.equal(run.status, 0, `the measurement ran (stderr: ${run.stderr.slice(-1_000)})`);
  const results = JSON.parse(run.stdout) as Record<string, { measured: number; estimated: number }>;
  t.ok(Object.keys(results).length >= 8, 'universes, rankings, per-token tables and bodies measured');
  for (const [name, { measured, estimated }] of Object.entries(results)) {
    const ratio = estimated / measured;
    t.ok(measured > 0, `${name}: something was measured (${measured} bytes)`);
    t.ok(ratio >= 1 && ratio <= 3, `${name}: estimated ${estimated} for ${measured} measured (x${ratio.toFixed(2)})`);
  }
});
