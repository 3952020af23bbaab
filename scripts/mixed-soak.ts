/**
 * Soak: `npm run soak` (not part of npm test; scripts/soak.ts runs this without --hostile). Starts the fake as `npm
 * start` would (bench/servers.ts), then sends the bench's request mix (90% valid, 10% invalid) at 100 connections for
 * 60 s (--seconds N and --connections N, or SOAK_SECONDS and SOAK_CONNECTIONS, to change), sampling the server's RSS after warm-up, at the middle and at the
 * end. Target: zero errors and timeouts, RSS growth under 10% after warm-up. Writes soak.json (not committed) and its
 * section of RESULTS.md in bench/, or in --out DIR. Loopback only, bounded in time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from '../bench/build.js';
import { runLoad } from '../bench/load.js';
import { describeGit } from '../bench/machine.js';
import { rssBytes } from '../bench/proc.js';
import { writeSection } from '../bench/results-md.js';
import { fakeServerSpec, startServer, stopServer } from '../bench/servers.js';
import { renderSoak, type SoakSummary } from '../bench/soak-summary.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-11-25T00:00:00Z';
const MB = 2 ** 20;

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    seconds: { type: 'string', default: process.env['SOAK_SECONDS'] ?? '60' },
    connections: { type: 'string', default: process.env['SOAK_CONNECTIONS'] ?? '100' },
  },
  strict: true,
});
const outDir = resolve(values.out ?? join(ROOT, 'bench'));
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (!(seconds >= 2)) throw new Error(`--seconds must be a number >= 2: got "${values.seconds}".`);
if (!(Number.isInteger(connections) && connections >= 1))
  throw new Error(`--connections must be an integer >= 1: got "${values.connections}".`);
const warmupSeconds = Math.min(5, Math.max(1, Math.floor(seconds / 10)));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

ensureBuilt(ROOT, log);
const logDir = mkdtempSync(join(tmpdir(), 'soak-'));
const server = await startServer(fakeServerSpec(['--now', NOW]), { root: ROOT, logDir });
try {
  const samples: { at: string; rssMb: number }[] = [];
  const sample = (at: string): void => void samples.push({ at, rssMb: (rssBytes(server.pid) ?? 0) / MB });
  const timers = [
    setTimeout(() => sample('after warm-up'), warmupSeconds * 1000),
    setTimeout(() => sample('middle'), (seconds / 2) * 1000),
  ];
  const run = await runLoad({ port: server.port, pid: server.pid, connections, durationSec: seconds });
  timers.forEach(clearTimeout);
  sample('end');
  const warm = samples.find((s) => s.at === 'after warm-up');
  const end = samples.find((s) => s.at === 'end');
  const growth = warm && end ? (end.rssMb - warm.rssMb) / warm.rssMb : Number.NaN;
  const commit = describeGit(ROOT)?.commit;
  const summary: SoakSummary = {
    when: new Date().toISOString(),
    ...(commit === undefined ? {} : { commit }),
    seconds,
    connections,
    requests: run.responses,
    requestsPerSecond: run.requestsPerSec,
    latencyP99Ms: run.latencyMs.p99,
    errors: run.errors,
    timeouts: run.timeouts,
    non2xx: run.non2xx,
    statusCodes: Object.fromEntries(Object.entries(run.statusCounts).map(([status, count]) => [status, { count }])),
    rss: samples,
    rssGrowthAfterWarmup: Number(growth.toFixed(4)),
    targetMet: run.errors === 0 && run.timeouts === 0 && growth < 0.1,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'soak.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeSection(join(outDir, 'RESULTS.md'), 'soak', renderSoak(summary));
  log(
    `soak: ${summary.targetMet ? 'target met' : 'TARGET MISSED'} (errors ${run.errors}, timeouts ${run.timeouts}, RSS growth ${(growth * 100).toFixed(1)}% after warm-up); ` +
      `the 10% invalid bodies are the expected non-2xx; figures in ${join(outDir, 'soak.json')} and RESULTS.md`,
  );
  process.exitCode = summary.targetMet ? 0 : 1;
} finally {
  await stopServer(server);
  rmSync(logDir, { recursive: true, force: true });
}
