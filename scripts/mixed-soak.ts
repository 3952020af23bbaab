/**
 * Soak: `npm run soak` (not part of npm test; scripts/soak.ts runs this without --hostile). Starts the fake as `npm start` would (node dist/cli.js serve),
 * then sends mixed valid (90%) and invalid (10%) traffic at 100 connections for 60 s (SOAK_SECONDS to change),
 * sampling the server's RSS after warm-up, at the middle and at the end. Target: zero errors and timeouts,
 * RSS growth under 10% after warm-up. Writes bench/soak.json, and re-renders bench/RESULTS.md from it and
 * bench/results.json when a bench run is recorded. Loopback only, bounded in time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { describeGit } from '../bench/machine.js';
import { renderMarkdown } from '../bench/report.js';
import type { BenchResults } from '../bench/results.js';
import { readHostile } from '../bench/hostile-summary.js';
import { SOAK_FILE, type SoakSummary } from '../bench/soak-summary.js';

const seconds = Number(process.env['SOAK_SECONDS'] ?? 60);
const connections = Number(process.env['SOAK_CONNECTIONS'] ?? 100);
const warmupSeconds = Math.min(5, Math.max(1, Math.floor(seconds / 10)));
const port = 4000 + Math.floor(Math.random() * 1000);
const ENDPOINT = '/creator/v1/rank/topPotential';

const valid = [
  { filter: { region: 'US', date_info: { type: 'month', value: '2026-03' } }, pagesize: 10 },
  { filter: { region: 'GB', creator_category_id: 4, date_info: { type: 'week', value: '2026-W08' } }, pagesize: 50 },
  { filter: { region: 'ID', ecommerce_type: 2, date_info: { type: 'day', value: '2026-03-01' } }, page: 2, pagesize: 20 },
  { filter: { region: 'US', product_category_l1_id: 14, follower_count_range: { min: 500_000, max: 1_000_000 } }, pagesize: 100 },
  { filter: { follower_gender_type: 0, follower_age_type: 2 }, orderby: [{ field: 'potential_index', order: 'asc' }], pagesize: 100 },
  { filter: { region: 'BR', date_info: { type: 'month', value: '2025-12' } }, page: 5, pagesize: 30 },
  {},
  { filter: { region: 'JP', product_category_l3_id: 601554 }, pagesize: 40 },
  { filter: { region: 'DE', date_info: { type: 'week', value: '2026-10' } }, page: 3, pagesize: 25 },
];
const invalid = [{ filter: { region: 'XX' } }];
const requests = [...valid, ...invalid].map((body) => ({ method: 'POST' as const, path: ENDPOINT, body: JSON.stringify(body) }));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitUntilUp(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}${ENDPOINT}`, { method: 'POST', headers: { authorization: 'Bearer soak' } });
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the fake did not start within 10 s');
}

const server = spawn(process.execPath, ['dist/cli.js', 'serve', '--port', String(port), '--now', '2026-11-25T00:00:00Z'], { stdio: 'ignore' });
const pid = server.pid ?? 0;
try {
  await waitUntilUp();
  const samples: { at: string; rssMb: number }[] = [];
  const run = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 10,
    headers: { authorization: 'Bearer soak', 'content-type': 'application/json' },
    requests,
  });
  setTimeout(() => samples.push({ at: 'after warm-up', rssMb: rssMb(pid) }), warmupSeconds * 1000);
  setTimeout(() => samples.push({ at: 'middle', rssMb: rssMb(pid) }), (seconds / 2) * 1000);
  const result = await run;
  samples.push({ at: 'end', rssMb: rssMb(pid) });
  const [warm, , end] = samples;
  const growth = warm && end ? (end.rssMb - warm.rssMb) / warm.rssMb : Number.NaN;
  const commit = describeGit(process.cwd())?.commit;
  const summary: SoakSummary = {
    when: new Date().toISOString(),
    ...(commit === undefined ? {} : { commit }),
    seconds,
    connections,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, { count: stats.count ?? 0 }])),
    rss: samples,
    rssGrowthAfterWarmup: Number(growth.toFixed(4)),
    targetMet: result.errors === 0 && result.timeouts === 0 && growth < 0.1,
  };
  mkdirSync('bench', { recursive: true });
  writeFileSync(SOAK_FILE, `${JSON.stringify(summary, null, 2)}\n`);
  if (existsSync('bench/results.json')) {
    writeFileSync('bench/RESULTS.md', renderMarkdown(JSON.parse(readFileSync('bench/results.json', 'utf8')) as BenchResults, summary, readHostile()));
  }
  console.log(JSON.stringify(summary, null, 2));
  console.log(`soak: ${summary.targetMet ? 'target met' : 'TARGET MISSED'} (errors ${result.errors}, timeouts ${result.timeouts}, RSS growth ${(growth * 100).toFixed(1)}% after warm-up); the 10% invalid bodies are the expected non-2xx`);
  process.exitCode = summary.targetMet ? 0 : 1;
} finally {
  server.kill('SIGTERM');
}
