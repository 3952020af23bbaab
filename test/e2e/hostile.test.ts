import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { HostileSummary } from '../../bench/hostile-summary.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The script's processes are measured, not tested: keep them out of tap's coverage. */
const ENV = { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' };

// Each attack starts its own server and warms it up; at least four times the file's quiet time (docs/testing.md).
t.setTimeout(300_000);

// A smoke test, not a measurement: `npm run soak -- --hostile` runs end to end in a tiny mode and writes figures of the
// documented shape. It asserts no timing and no RSS (the drain's behaviour is tested in test/server/drain.test.ts).
t.test('the hostile soak runs in a tiny mode and writes hostile.json and its RESULTS.md section', { timeout: 240_000 }, async (t) => {
  const out = tempDir('hostile-smoke-');
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/soak.ts',
      '--hostile',
      '--seconds',
      '1',
      '--only',
      'tokens,pipelining,no-auth-latency,drain',
      '--out',
      out,
    ],
    {
      cwd: ROOT,
      env: ENV,
      encoding: 'utf8',
      timeout: 200_000,
    },
  );
  t.ok(run.status === 0 || run.status === 1, `ran to the end, exit ${String(run.status)} (stderr: ${run.stderr.slice(-2_000)})`);
  const summary = JSON.parse(readFileSync(join(out, 'hostile.json'), 'utf8')) as HostileSummary;
  t.same(
    summary.attacks.map((attack) => attack.id),
    ['tokens', 'pipelining', 'no-auth-latency'],
  );
  for (const attack of summary.attacks) {
    t.match(attack, {
      seconds: 1,
      baselineRssMb: Number,
      peakRssMb: Number,
      limitRssMb: Number,
      attacker: { requests: Number, statuses: Object, errors: Number },
    });
    t.ok(attack.attacker.requests > 0, `${attack.id}: the attacker sent requests`);
    t.ok(attack.normal && attack.normal.requests > 0, `${attack.id}: the normal client was answered`);
  }
  t.same(
    summary.attacks.find((attack) => attack.id === 'no-auth-latency')?.attacker.statuses['401'] !== undefined,
    true,
    'requests without a token are refused, not held',
  );
  t.same(
    summary.drains.map((drain) => `${drain.connections}/${drain.latencyMs}`),
    ['50/0', '50/4000', '200/0', '200/4000'],
  );
  for (const drain of summary.drains)
    t.match(drain, { exitCode: Number, exitMs: Number, tally: { sent: Number, lost: Number, refused: Number } });
  t.ok(existsSync(join(out, 'RESULTS.md')), 'RESULTS.md written');
  const markdown = readFileSync(join(out, 'RESULTS.md'), 'utf8');
  t.ok(markdown.includes('## Hostile load (`npm run soak -- --hostile`, issue 13)'));
  t.ok(markdown.includes('## Soak (`npm run soak`, issue 6)'), 'the soak section is kept');
});
