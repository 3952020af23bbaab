/**
 * Two builds of the fake side by side, in one run, alternating: for before/after figures of a change.
 *
 *   npx tsx bench/compare-builds.ts --a /path/to/old/checkout --b . [--rounds 3] [--duration 4] [--startup-runs 5] [--out DIR]
 *
 * Each path is a checkout with its dist/ built and a node_modules. Both get the bench's request mix, with the bench's
 * own alternation (bench/rounds.ts, bench/startup.ts); the figures are medians over rounds (throughput, p50, p99,
 * server CPU per request), the largest RSS seen, and the median start-up time (spawn to first 200). Prints the table
 * and writes it as the `compare` section of RESULTS.md in bench/ (or --out DIR).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad } from './load.js';
import { describeGit } from './machine.js';
import { peakRssBytes } from './proc.js';
import { writeSection } from './results-md.js';
import { runRounds } from './rounds.js';
import { fakeServerSpec, startServer, stopServer, type RunningServer, type ServerSpec } from './servers.js';
import { measureStartup } from './startup.js';
import { median, round } from './stats.js';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '4' },
    'startup-runs': { type: 'string', default: '5' },
    out: { type: 'string' },
  },
  strict: true,
});
if (values.a === undefined || values.b === undefined)
  throw new Error('Usage: npx tsx bench/compare-builds.ts --a <checkout> --b <checkout>');
/** A flag's value as a whole number >= min, or a usage error naming the flag. */
function count(name: 'rounds' | 'duration' | 'startup-runs', min: number): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number >= ${min}: got "${values[name]}".`);
  return value;
}
const rounds = count('rounds', 0);
const durationSec = count('duration', 1);
const startupRuns = count('startup-runs', 0);
type Build = 'a' | 'b';
const BUILDS: readonly Build[] = ['a', 'b'];
const roots: Record<Build, string> = { a: resolve(values.a), b: resolve(values.b) };
const connections = [10, 100];
const logDir = mkdtempSync(join(tmpdir(), 'compare-builds-'));
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const spec = (id: Build): ServerSpec => ({ ...fakeServerSpec([], [join(roots[id], 'dist/cli.js')]), label: `${id}: ${roots[id]}` });
const start = (id: Build): Promise<RunningServer> => startServer(spec(id), { root: roots[id], logDir });

const startup = await measureStartup(new Map(BUILDS.map((id) => [id, spec(id)])), startupRuns, { root: process.cwd(), logDir }, log);
const running: Record<Build, RunningServer> = { a: await start('a'), b: await start('b') };
for (const id of BUILDS) await runLoad({ port: running[id].port, pid: running[id].pid, connections: 10, durationSec: 2 });
const runs = await runRounds({
  rounds,
  connections,
  durationSec,
  ids: BUILDS,
  server: (id) => running[id],
  restart: async (id) => {
    await stopServer(running[id]);
    running[id] = await start(id);
  },
  label: (id) => id,
  log,
});
const loadAtEnd = loadavg()
  .map((value) => value.toFixed(2))
  .join(' / ');
const rows: string[] = [
  '| build | conn. | req/s | p50 ms | p99 ms | server CPU µs per request | peak RSS MB | start-up ms (median) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const id of BUILDS) {
  const peak = peakRssBytes(running[id].pid);
  for (const level of connections) {
    const list = runs.get(`${id}@${level}`) ?? [];
    rows.push(
      `| ${id} | ${level} | ${round(median(list.map((run) => run.requestsPerSec)), 0)} | ${round(median(list.map((run) => run.latencyMs.p50)), 2)} | ` +
        `${round(median(list.map((run) => run.latencyMs.p99)), 2)} | ${round(median(list.map((run) => ((run.serverCpuPct ?? Number.NaN) * 1e4) / run.requestsPerSec)), 1)} | ` +
        `${peak === undefined ? 'n/a' : round(peak / 2 ** 20, 0)} | ${startup[id].medianMs} |`,
    );
  }
  await stopServer(running[id]);
}
rmSync(logDir, { recursive: true, force: true });
const commit = (id: Build): string => {
  const git = describeGit(roots[id]);
  return git === undefined ? roots[id] : `\`${git.commit.slice(0, 12)}\`${git.dirty ? ' with uncommitted changes' : ''}`;
};
const section = [
  '## Before and after (`bench/compare-builds.ts`)',
  '',
  `a = ${commit('a')}, b = ${commit('b')}, side by side in one run at ${new Date().toISOString()} (load average at the end ${loadAtEnd}): ` +
    `${rounds} rounds of ${durationSec} s per connection level, alternating, after 2 s of warm-up each; ${startupRuns} start-ups each, alternating. ` +
    "Medians over rounds; server CPU per request is the server's CPU time over its answers.",
  '',
  ...rows,
  '',
];
writeSection(
  join(values.out === undefined ? fileURLToPath(new URL('.', import.meta.url)) : resolve(values.out), 'RESULTS.md'),
  'compare',
  section,
);
process.stdout.write(`${section.join('\n')}\n`);
