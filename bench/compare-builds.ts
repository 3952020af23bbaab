/**
 * Two builds of the fake side by side, in one run, alternating: for before/after figures of a change.
 *
 *   npx tsx bench/compare-builds.ts --a /path/to/old/checkout --b . [--rounds 3] [--duration 4] [--startup-runs 5]
 *
 * Each path is a checkout with its dist/ built and a node_modules. Both get the bench's request mix; the figures are
 * medians over rounds (throughput, p50, p99), the largest RSS seen, and the median start-up time (spawn to first 200).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, type LoadRun } from './load.js';
import { peakRssBytes } from './proc.js';
import { startServer, stopServer, type RunningServer, type ServerSpec } from './servers.js';
import { median, round } from './stats.js';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '4' },
    'startup-runs': { type: 'string', default: '5' },
  },
  strict: true,
});
if (values.a === undefined || values.b === undefined) throw new Error('Usage: npx tsx bench/compare-builds.ts --a <checkout> --b <checkout>');
const builds = { a: resolve(values.a), b: resolve(values.b) };
const rounds = Number(values.rounds);
const durationSec = Number(values.duration);
const logDir = mkdtempSync(join(tmpdir(), 'compare-builds-'));

const spec = (id: 'a' | 'b'): ServerSpec => ({
  id: 'fake',
  label: `${id}: ${builds[id]}`,
  display: `node ${builds[id]}/dist/cli.js serve --port P`,
  argv: (port) => [join(builds[id], 'dist/cli.js'), 'serve', '--port', String(port)],
});
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const startupMs: Record<'a' | 'b', number[]> = { a: [], b: [] };
for (let run = 0; run < Number(values['startup-runs']); run++) {
  for (const id of run % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
    const server = await startServer(spec(id), { root: builds[id], logDir });
    await stopServer(server);
    startupMs[id].push(server.readyMs);
  }
}

const running: Record<'a' | 'b', RunningServer> = {
  a: await startServer(spec('a'), { root: builds.a, logDir }),
  b: await startServer(spec('b'), { root: builds.b, logDir }),
};
for (const id of ['a', 'b'] as const) await runLoad({ port: running[id].port, pid: running[id].pid, connections: 10, durationSec: 2 });
const runs: Record<string, LoadRun[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const connections of [10, 100]) {
    for (const id of r % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
      const run = await runLoad({ port: running[id].port, pid: running[id].pid, connections, durationSec });
      (runs[`${id}@${connections}`] ??= []).push(run);
      log(`round ${r + 1} ${id} ${connections} conn.: ${run.requestsPerSec} req/s, p99 ${run.latencyMs.p99} ms`);
    }
  }
}
const rows: string[] = ['| build | conn. | req/s | p50 ms | p99 ms | peak RSS MB | start-up ms (median) |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
for (const id of ['a', 'b'] as const) {
  const peak = peakRssBytes(running[id].pid);
  for (const connections of [10, 100]) {
    const list = runs[`${id}@${connections}`] ?? [];
    rows.push(
      `| ${id} | ${connections} | ${round(median(list.map((run) => run.requestsPerSec)), 0)} | ${round(median(list.map((run) => run.latencyMs.p50)), 2)} | ` +
        `${round(median(list.map((run) => run.latencyMs.p99)), 2)} | ${peak === undefined ? 'n/a' : round(peak / 2 ** 20, 0)} | ${round(median(startupMs[id]), 0)} |`,
    );
  }
  await stopServer(running[id]);
}
rmSync(logDir, { recursive: true, force: true });
process.stdout.write(`a = ${builds.a}\nb = ${builds.b}\n\n${rows.join('\n')}\n`);
