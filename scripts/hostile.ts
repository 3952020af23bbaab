/**
 * `npm run soak -- --hostile` (not part of npm test): the attacks of issue 13 against the built fake, each for
 * --seconds (default 30) against a freshly started `node dist/cli.js serve`, with a normal client alongside; then
 * SIGTERM under kept-alive load at 50 and 200 connections, with and without Prefer: latency. Writes hostile.json (not
 * committed) and its section of RESULTS.md in bench/, or in --out DIR. Loopback only, bounded in time (about 7 minutes).
 *
 *   npm run soak -- --hostile [--seconds 30] [--only tokens,seeds,drain] [--out DIR]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  dripBodies,
  flood,
  pipelineWithoutReading,
  slowBodies,
  unauthenticatedLatency,
  type AttackTally,
} from '../bench/attack-clients.js';
import { ensureBuilt } from '../bench/build.js';
import { hostileTargetsMet, renderHostile, type AttackResult, type DrainResult, type HostileSummary } from '../bench/hostile-summary.js';
import { runKeepAliveClients } from '../bench/keep-alive-client.js';
import { describeGit } from '../bench/machine.js';
import type { NormalClientRun } from '../bench/normal-client.js';
import { rssBytes, sampleRss } from '../bench/proc.js';
import { PROBE_BODY } from '../bench/requests.js';
import { writeSection } from '../bench/results-md.js';
import { fakeServerSpec, startServer, stopServer, type ServerSpec } from '../bench/servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-11-25T00:00:00Z';
const MAX_MEMORY_MB = 256;
const MB = 2 ** 20;
const WARMUP_SECONDS = 3;
const DRAIN_SIGNAL_AFTER_MS = 3_000;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--hostile'),
  options: { seconds: { type: 'string', default: '30' }, only: { type: 'string' }, out: { type: 'string' } },
  strict: true,
});
const seconds = Number(values.seconds);
if (!(seconds >= 1)) throw new Error(`--seconds must be a number >= 1: got "${values.seconds}".`);
const outDir = resolve(values.out ?? join(ROOT, 'bench'));
const only = values.only?.split(',').map((id) => id.trim());
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
/** A timeout raced against something else: unref'd, so it does not hold the process open once that has won. */
const deadline = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms).unref());

const day = (n: number): string => new Date(Date.UTC(1990, 0, 1 + n)).toISOString().slice(0, 10);
const month = (n: number): string => `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

interface Attack {
  readonly id: string;
  readonly description: string;
  readonly flags: readonly string[];
  readonly run: (port: number, seconds: number) => Promise<AttackTally>;
  /** Run after the baseline is taken and before the attack, with the server's memory already sampled. */
  readonly prepare?: (port: number) => Promise<AttackTally>;
}

const MONTHS_WALKER = (port: number, s: number): Promise<AttackTally> =>
  flood(port, s, 20, (n) => ({
    headers: { authorization: 'Bearer months', prefer: `seed=${2 + (n % 8)}` },
    body: JSON.stringify({ filter: { date_info: { type: 'month', value: month(Math.floor(n / 8) % 310) } }, pagesize: 100 }),
  }));

/** The caches filled first: 60 days x 10 pages of 100, each page asked three times (a ranking is kept from its second build). */
const FILL_PAGES = 600;
const fillCaches = (port: number): Promise<AttackTally> =>
  flood(
    port,
    600,
    4,
    (n) => ({
      headers: { authorization: 'Bearer fill' },
      body: JSON.stringify({
        filter: { date_info: { type: 'day', value: day(7_000 + Math.floor((n % FILL_PAGES) / 10)) } },
        page: 1 + (n % 10),
        pagesize: 100,
      }),
    }),
    3 * FILL_PAGES,
  );

const ATTACKS: readonly Attack[] = [
  {
    id: 'tokens',
    description: 'a new bearer token per request, 20 connections',
    flags: ['--rate-limit', '500', '--quota', '100000'],
    run: (port, s) => flood(port, s, 20, (n) => ({ headers: { authorization: `Bearer hostile-token-${n}` }, body: '{"pagesize":1}' })),
  },
  {
    id: 'bodies',
    description: 'a new body per request (page, pagesize, a follower bound), 20 connections',
    flags: [],
    run: (port, s) =>
      flood(port, s, 20, (n) => ({
        headers: { authorization: 'Bearer bodies' },
        body: JSON.stringify({ page: 1 + (n % 10), pagesize: 1 + (n % 100), filter: { follower_count_range: { min: n } } }),
      })),
  },
  {
    id: 'seeds',
    description: 'a new Prefer: seed=N per request, every region (the costliest cold build), 20 connections',
    flags: [],
    run: (port, s) => flood(port, s, 20, (n) => ({ headers: { authorization: 'Bearer seeds', prefer: `seed=${1000 + n}` }, body: '{}' })),
  },
  {
    id: 'days',
    description: 'a new daily period per request since 1990-01-01, every region, pagesize 100, 20 connections',
    flags: [],
    run: (port, s) =>
      flood(port, s, 20, (n) => ({
        headers: { authorization: 'Bearer days' },
        body: JSON.stringify({ filter: { date_info: { type: 'day', value: day(n) } }, pagesize: 100 }),
      })),
  },
  {
    id: 'months',
    description: '8 seeds x every month since 2000-01, every region, pagesize 100, 20 connections',
    flags: [],
    run: MONTHS_WALKER,
  },
  {
    id: 'months-full',
    description: `the months walker once the caches are full (${FILL_PAGES} pages of 100 from 60 daily rankings, each asked three times, first)`,
    flags: [],
    run: MONTHS_WALKER,
    prepare: fillCaches,
  },
  {
    id: 'slow-bodies',
    description: 'a whole head, then the body a byte a second; 200 new connections a second',
    flags: [],
    run: (port, s) => slowBodies(port, s, 200),
  },
  {
    id: 'drips',
    description: 'a 60 KB body written a byte at a time, as fast as the socket takes it, on 50 connections at all times',
    flags: [],
    run: (port, s) => dripBodies(port, s, 50),
  },
  {
    id: 'pipelining',
    description: '8 connections each writing 5,000 pipelined requests at once and never reading an answer; a new one when one is closed',
    flags: [],
    run: (port, s) => pipelineWithoutReading(port, s, 8, 5_000),
  },
  {
    id: 'no-auth-latency',
    description: 'no token, Prefer: latency=60000; 200 new connections a second',
    flags: [],
    run: (port, s) => unauthenticatedLatency(port, s, 200),
  },
];

const logDir = mkdtempSync(join(tmpdir(), 'hostile-'));
const fakeSpec = (flags: readonly string[]): ServerSpec => fakeServerSpec(['--now', NOW, ...flags]);

/** The normal client, in a process of its own; resolves with its figures. */
function normalClient(port: number, runSeconds: number): Promise<NormalClientRun | undefined> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/normal-client.ts', String(port), String(runSeconds)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString('utf8')));
    child.once('exit', () => {
      try {
        done(JSON.parse(out) as NormalClientRun);
      } catch {
        done(undefined);
      }
    });
  });
}

async function runAttack(attack: Attack): Promise<AttackResult> {
  log(`attack ${attack.id}: ${attack.description} (${seconds} s)`);
  const server = await startServer(fakeSpec(attack.flags), { root: ROOT, logDir });
  try {
    await normalClient(server.port, WARMUP_SECONDS);
    const baseline = rssBytes(server.pid) ?? 0;
    const rss = sampleRss(server.pid);
    if (attack.prepare) {
      log(`  prepared: ${JSON.stringify(await attack.prepare(server.port))}`);
      // The filling pushed out the normal client's rankings too; it makes them again (twice, so they are kept).
      await normalClient(server.port, WARMUP_SECONDS);
    }
    const [attacker, normal] = await Promise.all([attack.run(server.port, seconds), normalClient(server.port, seconds)]);
    const peak = rss.stop() ?? 0;
    const result: AttackResult = {
      id: attack.id,
      description: attack.description,
      serverFlags: attack.flags,
      seconds,
      baselineRssMb: baseline / MB,
      peakRssMb: peak / MB,
      limitRssMb: baseline / MB + MAX_MEMORY_MB,
      attacker,
      normal,
    };
    log(
      `  RSS ${result.baselineRssMb.toFixed(0)} -> ${result.peakRssMb.toFixed(0)} MB (limit ${result.limitRssMb.toFixed(0)}); attacker ${JSON.stringify(attacker)}; normal ${JSON.stringify(normal)}`,
    );
    return result;
  } finally {
    await stopServer(server);
  }
}

async function runDrain(connections: number, latencyMs: number): Promise<DrainResult> {
  log(
    `drain: ${connections} kept-alive connections${latencyMs > 0 ? `, Prefer: latency=${latencyMs}` : ''}; SIGTERM after ${DRAIN_SIGNAL_AFTER_MS} ms`,
  );
  const server = await startServer(fakeSpec([]), { root: ROOT, logDir });
  const exited = new Promise<number | null>((done) => server.child.once('exit', (code) => done(code)));
  const clients = runKeepAliveClients({
    port: server.port,
    connections,
    headers: { authorization: 'Bearer drain', ...(latencyMs > 0 ? { prefer: `latency=${latencyMs}` } : {}) },
    body: PROBE_BODY,
  });
  await sleep(DRAIN_SIGNAL_AFTER_MS);
  const signalled = performance.now();
  server.child.kill('SIGTERM');
  const exitCode = await Promise.race([exited, deadline(15_000).then(() => 'timeout' as const)]);
  const exitMs = Math.round(performance.now() - signalled);
  if (exitCode === 'timeout') await stopServer(server);
  await Promise.race([clients.finished, deadline(5_000)]);
  clients.stop();
  const result: DrainResult = { connections, latencyMs, exitCode: exitCode === 'timeout' ? null : exitCode, exitMs, tally: clients.tally };
  log(`  exit ${String(result.exitCode)} after ${exitMs} ms; ${JSON.stringify(clients.tally)}`);
  return result;
}

const known = [...ATTACKS.map((attack) => attack.id), 'drain'];
const unknown = only?.filter((id) => !known.includes(id)) ?? [];
if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.map((id) => `"${id}"`).join(', ')}; choose from ${known.join(', ')}.`);
ensureBuilt(ROOT, log);
const attacks: AttackResult[] = [];
for (const attack of ATTACKS) if (only === undefined || only.includes(attack.id)) attacks.push(await runAttack(attack));
const drains: DrainResult[] = [];
if (only === undefined || only.includes('drain')) {
  for (const connections of [50, 200]) for (const latencyMs of [0, 4_000]) drains.push(await runDrain(connections, latencyMs));
}
const commit = describeGit(ROOT)?.commit;
const summary: HostileSummary = {
  when: new Date().toISOString(),
  ...(commit === undefined ? {} : { commit }),
  maxMemoryMb: MAX_MEMORY_MB,
  attacks,
  drains,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'hostile.json'), `${JSON.stringify(summary, null, 2)}\n`);
writeSection(join(outDir, 'RESULTS.md'), 'hostile', renderHostile(summary));
rmSync(logDir, { recursive: true, force: true });
const met = hostileTargetsMet(summary);
log(`hostile: ${met ? 'every target met' : 'TARGET MISSED'}; figures in ${join(outDir, 'hostile.json')} and RESULTS.md`);
process.exitCode = met ? 0 : 1;
