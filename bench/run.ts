/**
 * `npm run bench`: the fake against its peer (Stoplight Prism, static and dynamic) and the limit (a bare node:http
 * server), side by side in one run on this machine, alternating the servers so drift hits all alike.
 * Writes bench/results.json and bench/RESULTS.md (or the --out directory). See bench/RESULTS.md for the method.
 *
 *   npm run bench                                   the full run (about 4 minutes on 2 cores)
 *   npm run bench -- --duration 1 --rounds 1 --only fake,limit --startup-runs 1 --skip-contract --out /tmp/b
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './build.js';
import { timeContractSuite } from './contract-hook.js';
import { runLoad, type LoadRun } from './load.js';
import { describeGit, describeMachine, packageVersions } from './machine.js';
import { peakRssBytes, waitUntilIdle } from './proc.js';
import { renderMarkdown } from './report.js';
import { HOSTILE_FILE, readHostile } from './hostile-summary.js';
import { readSoak, SOAK_FILE } from './soak-summary.js';
import { PROBE_BODY, REQUEST_MIX } from './requests.js';
import type { BenchConfig, BenchResults, LoadSummary, MixAnswer, Ratio, ServerReport, TargetVerdict } from './results.js';
import { post, SERVER_IDS, serverSpecs, startServer, stopServer, type RunningServer, type ServerId } from './servers.js';
import { measureStartup, type StartupResult } from './startup.js';
import { median, round } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const SAMPLE_CHARS = 300;
/** How long a server may keep working on queued requests after a run before it is restarted instead. */
const SETTLE_LIMIT_MS = 5_000;
/** Fewer answers than this in a round make that round's rate too coarse to compare (Prism dynamic). */
const MIN_ROUND_ANSWERS = 100;
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** The measured configuration (as results.json records it), plus where to write and whether to time the contract suite. */
type Options = Omit<BenchConfig, 'mix' | 'limitBodyBytes'> & {
  readonly skipContract: boolean;
  readonly outDir: string;
};

const USAGE = `Usage: npm run bench -- [options]
  --duration S       seconds per measured run (default 4)
  --rounds N         rounds; each round runs every server at every connection level once (default 5)
  --warmup S         seconds of discarded load per server before the first round (default 2)
  --connections L    comma-separated connection counts (default 10,100)
  --only L           comma-separated subset of ${SERVER_IDS.join(',')} (default all)
  --startup-runs N   spawns per server for the start-up time; 0 skips it (default 5)
  --skip-contract    do not time the contract suite
  --out DIR          where results.json and RESULTS.md go (default bench/)
`;

function positive(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < min) throw new Error(`${name} must be a number >= ${min}: got "${value}".\n${USAGE}`);
  return number;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      duration: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      'startup-runs': { type: 'string' },
      'skip-contract': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const servers = (values.only ?? SERVER_IDS.join(',')).split(',').map((id) => id.trim());
  for (const id of servers) {
    if (!(SERVER_IDS as readonly string[]).includes(id)) throw new Error(`--only: unknown server "${id}"; choose from ${SERVER_IDS.join(', ')}.`);
  }
  const connections = (values.connections ?? '10,100').split(',').map((text) => positive(text, '--connections', 10));
  return {
    durationSec: positive(values.duration, '--duration', 4),
    rounds: Math.floor(positive(values.rounds, '--rounds', 5)),
    warmupSec: positive(values.warmup, '--warmup', 2, 0),
    connections,
    servers: SERVER_IDS.filter((id) => servers.includes(id)),
    startupRuns: Math.floor(positive(values['startup-runs'], '--startup-runs', 5, 0)),
    skipContract: values['skip-contract'] ?? false,
    outDir: resolve(values.out ?? join(ROOT, 'bench')),
  };
}

/** Sends each entry of the mix once and records status and body size. */
async function askMix(port: number): Promise<MixAnswer[]> {
  const answers: MixAnswer[] = [];
  for (const entry of REQUEST_MIX) {
    const answer = await post(port, JSON.stringify(entry.body));
    answers.push({ name: entry.name, status: answer.status, bodyBytes: answer.body.length });
  }
  return answers;
}

/** The fake must answer the mix as expected, or the numbers would describe something else. */
function checkFakeAnswers(answers: readonly MixAnswer[]): void {
  REQUEST_MIX.forEach((entry, index) => {
    const answer = answers[index];
    if (answer?.status !== entry.expectedStatus) {
      throw new Error(`The fake answered HTTP ${String(answer?.status)} to "${entry.name}", expected ${entry.expectedStatus}. Fix the fake or the mix in bench/requests.ts.`);
    }
  });
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function summarise(server: ServerId, connections: number, runs: readonly LoadRun[]): LoadSummary {
  const rss = runs.map((run) => run.serverPeakRssMB).filter((value): value is number => value !== undefined);
  const cpu = runs.map((run) => run.serverCpuPct).filter((value): value is number => value !== undefined);
  return {
    server,
    connections,
    rounds: runs,
    median: {
      requestsPerSec: round(median(runs.map((run) => run.requestsPerSec)), 1),
      p50Ms: round(median(runs.map((run) => run.latencyMs.p50).filter((value) => Number.isFinite(value))), 3),
      p99Ms: round(median(runs.map((run) => run.latencyMs.p99).filter((value) => Number.isFinite(value))), 3),
      maxMs: round(Math.max(...runs.map((run) => run.latencyMs.max).filter((value) => Number.isFinite(value))), 3),
      serverCpuPct: cpu.length > 0 ? round(median(cpu), 0) : undefined,
      meanResponseBytes: Math.round(median(runs.map((run) => run.meanResponseBytes))),
    },
    pooledRequestsPerSec: round(runs.reduce((sum, run) => sum + run.responses, 0) / runs.reduce((sum, run) => sum + run.durationSec, 0), 1),
    fewestResponses: Math.min(...runs.map((run) => run.responses)),
    restarts: runs.filter((run) => run.settle?.restarted === true).length,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    timeouts: runs.reduce((sum, run) => sum + run.timeouts, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    responses: runs.reduce((sum, run) => sum + run.responses, 0),
    peakRssMB: rss.length > 0 ? Math.max(...rss) : undefined,
  };
}

function computeRatios(load: readonly LoadSummary[], connections: readonly number[]): Ratio[] {
  const find = (server: ServerId, level: number): LoadSummary | undefined =>
    load.find((entry) => entry.server === server && entry.connections === level);
  const ratios: Ratio[] = [];
  for (const level of connections) {
    const fake = find('fake', level);
    if (fake === undefined) continue;
    for (const [other, name] of [
      ['prismStatic', 'fake / Prism static'],
      ['prismDynamic', 'fake / Prism dynamic'],
      ['limit', 'fake / limit'],
    ] as const) {
      const them = find(other, level);
      if (them === undefined) continue;
      const perRound = fake.rounds
        .map((run, index) => {
          const theirs = them.rounds[index]?.requestsPerSec ?? 0;
          return theirs > 0 ? run.requestsPerSec / theirs : Number.NaN;
        })
        .filter((value) => Number.isFinite(value));
      const ofMedians = them.median.requestsPerSec > 0 ? round(fake.median.requestsPerSec / them.median.requestsPerSec, 2) : undefined;
      const coarse = them.fewestResponses < MIN_ROUND_ANSWERS || perRound.length < fake.rounds.length;
      if (coarse) {
        if (them.pooledRequestsPerSec > 0) {
          ratios.push({ name, connections: level, value: round(fake.pooledRequestsPerSec / them.pooledRequestsPerSec, 2), method: 'pooled', ofMedians, perRound: perRound.map((value) => round(value, 2)) });
        }
      } else {
        ratios.push({ name, connections: level, value: round(median(perRound), 2), method: 'paired', ofMedians, perRound: perRound.map((value) => round(value, 2)) });
      }
    }
  }
  return ratios;
}

function judgeTargets(
  load: readonly LoadSummary[],
  ratios: readonly Ratio[],
  startup: Partial<Record<ServerId, StartupResult>>,
  fakeLifetimePeakMB: number | undefined,
  contract: BenchResults['contract'],
): TargetVerdict[] {
  const ratioTarget = (id: string, name: string, minimum: number, description: string, levels?: readonly number[]): TargetVerdict => {
    const found = ratios.filter((ratio) => ratio.name === name && (levels === undefined || levels.includes(ratio.connections)));
    return {
      id,
      description,
      measured: found.length === 0 ? 'not measured' : found.map((ratio) => `${ratio.value}x at ${ratio.connections} conn.`).join(', '),
      met: found.length === 0 ? undefined : found.every((ratio) => ratio.value >= minimum),
    };
  };
  const fake10 = load.find((entry) => entry.server === 'fake' && entry.connections === 10);
  const fakeRss = [fakeLifetimePeakMB, ...load.filter((entry) => entry.server === 'fake').map((entry) => entry.peakRssMB)].filter(
    (value): value is number => value !== undefined,
  );
  const fakeStartup = startup.fake;
  return [
    ratioTarget('vs-prism-dynamic', 'fake / Prism dynamic', 10, 'throughput >= 10x Prism dynamic (every connection level)'),
    ratioTarget('vs-prism-static', 'fake / Prism static', 3, 'throughput >= 3x Prism static (every connection level)'),
    ratioTarget('vs-limit', 'fake / limit', 0.5, 'throughput >= 0.5x the limit at 10 connections', [10]),
    {
      id: 'p99',
      description: 'p99 latency <= 5 ms at 10 connections',
      measured: fake10 ? `${fake10.median.p99Ms} ms (median of ${fake10.rounds.length} rounds; worst round ${Math.max(...fake10.rounds.map((run) => run.latencyMs.p99))} ms)` : 'not measured',
      met: fake10 ? fake10.median.p99Ms <= 5 : undefined,
    },
    {
      id: 'startup',
      description: 'start-up (spawn to first 200) <= 500 ms',
      measured: fakeStartup ? `${fakeStartup.medianMs} ms (median of ${fakeStartup.runsMs.length})` : 'not measured',
      met: fakeStartup ? fakeStartup.medianMs <= 500 : undefined,
    },
    {
      id: 'rss',
      description: 'RSS <= 150 MB under load',
      measured: fakeRss.length > 0 ? `${Math.max(...fakeRss)} MB peak (kernel high-water mark over the whole run)` : 'not measured',
      met: fakeRss.length > 0 ? Math.max(...fakeRss) <= 150 : undefined,
    },
    {
      id: 'contract',
      description: 'contract suite full run against the in-process fake <= 15 s',
      measured: contract.available && 'wallMs' in contract && contract.wallMs !== undefined ? `${(contract.wallMs / 1000).toFixed(1)} s` : contract.note,
      met: contract.available && 'wallMs' in contract && contract.wallMs !== undefined ? contract.wallMs <= 15_000 && contract.exitCode !== null : undefined,
    },
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAverage = loadavg();
  const options = parseOptions(process.argv.slice(2));
  log(`bench: ${JSON.stringify(options)}`);
  ensureBuilt(ROOT, log);
  const logDir = mkdtempSync(join(tmpdir(), 'fastmoss-bench-'));
  const startOptions = { root: ROOT, logDir };

  // 1. What the fake answers to the mix; the limit answers with the mean body size of those answers.
  log('calibrating: the fake answers the mix once');
  const calibration = await startServer(serverSpecs({ root: ROOT, limitBodyBytes: 0 }).fake, startOptions);
  const fakeAnswers = await askMix(calibration.port);
  await stopServer(calibration);
  checkFakeAnswers(fakeAnswers);
  const limitBodyBytes = Math.round(fakeAnswers.reduce((sum, answer) => sum + answer.bodyBytes, 0) / fakeAnswers.length);
  const specs = serverSpecs({ root: ROOT, limitBodyBytes });
  log(`  mean body ${limitBodyBytes} bytes over ${fakeAnswers.length} requests`);

  // 2. Start-up: spawn to first 200, alternating.
  const startupSpecs = options.servers.filter((id) => id !== 'limit').map((id) => specs[id]);
  let startup: Partial<Record<ServerId, StartupResult>> = {};
  if (options.startupRuns > 0 && startupSpecs.length > 0) {
    log(`start-up: ${options.startupRuns} spawn(s) each of ${startupSpecs.map((spec) => spec.label).join(', ')}`);
    startup = await measureStartup(startupSpecs, options.startupRuns, startOptions, log);
  }

  // 3. Load: every server runs side by side; each round visits every connection level and every server, in an order
  // rotated per round.
  const running = new Map<ServerId, RunningServer>();
  const reports = new Map<ServerId, Omit<ServerReport, 'lifetimePeakRssMB'>>();
  for (const id of options.servers) {
    const server = await startServer(specs[id], startOptions);
    running.set(id, server);
    const answers = await askMix(server.port);
    if (id === 'fake') checkFakeAnswers(answers);
    const sample = (await post(server.port, PROBE_BODY)).body.toString('utf8').slice(0, SAMPLE_CHARS);
    reports.set(id, { id, label: specs[id].label, command: specs[id].display, answers, sample });
    if (options.warmupSec > 0) {
      await runLoad({ port: server.port, pid: server.pid, connections: 10, durationSec: options.warmupSec });
      if ((await waitUntilIdle(server.pid, SETTLE_LIMIT_MS)) === undefined) {
        await stopServer(server);
        running.set(id, await startServer(specs[id], startOptions));
      }
    }
    log(`  ${specs[id].label} up on port ${(running.get(id) as RunningServer).port}, warmed up`);
  }
  const runs = new Map<string, LoadRun[]>();
  for (let roundIndex = 0; roundIndex < options.rounds; roundIndex++) {
    for (const connections of options.connections) {
      for (const id of rotate(options.servers, roundIndex)) {
        const server = running.get(id) as RunningServer;
        await sleep(250);
        const measured = await runLoad({ port: server.port, pid: server.pid, connections, durationSec: options.durationSec });
        const idleAfterMs = await waitUntilIdle(server.pid, SETTLE_LIMIT_MS);
        if (idleAfterMs === undefined) {
          log(`  ${specs[id].label} still busy ${SETTLE_LIMIT_MS / 1000} s after the run (queued requests): restarting it`);
          await stopServer(server);
          running.set(id, await startServer(specs[id], startOptions));
        }
        const run: LoadRun = { ...measured, settle: { idleAfterMs, restarted: idleAfterMs === undefined } };
        const key = `${id}@${connections}`;
        runs.set(key, [...(runs.get(key) ?? []), run]);
        log(
          `  round ${roundIndex + 1}/${options.rounds} ${connections} conn. ${specs[id].label}: ${run.requestsPerSec} req/s, ` +
            `p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}, ` +
            `rss ${String(run.serverPeakRssMB)} MB, server cpu ${String(run.serverCpuPct)}%, client cpu ${run.clientCpuPct}%`,
        );
      }
    }
  }
  const servers: ServerReport[] = [];
  for (const id of options.servers) {
    const server = running.get(id) as RunningServer;
    const peak = peakRssBytes(server.pid);
    servers.push({ ...(reports.get(id) as Omit<ServerReport, 'lifetimePeakRssMB'>), lifetimePeakRssMB: peak === undefined ? undefined : round(peak / 2 ** 20, 1) });
    await stopServer(server);
  }

  // 4. The contract suite's wall time, when the CLI has one.
  const contract: BenchResults['contract'] = options.skipContract
    ? { available: false, command: 'node dist/cli.js contract', note: 'skipped (--skip-contract)' }
    : await timeContractSuite(ROOT, log);

  const load = options.servers.flatMap((id) =>
    options.connections.map((connections) => summarise(id, connections, runs.get(`${id}@${connections}`) ?? [])),
  );
  const ratios = computeRatios(load, options.connections);
  const fakeReport = servers.find((server) => server.id === 'fake');
  const results: BenchResults = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    git: describeGit(ROOT),
    machine: describeMachine(loadAverage),
    versions: packageVersions(ROOT, ['@stoplight/prism-cli', 'autocannon', 'fastify']),
    config: {
      durationSec: options.durationSec,
      rounds: options.rounds,
      warmupSec: options.warmupSec,
      connections: options.connections,
      servers: options.servers,
      startupRuns: options.startupRuns,
      mix: {
        total: REQUEST_MIX.length,
        valid: REQUEST_MIX.filter((entry) => entry.expectedStatus === 200).length,
        invalid: REQUEST_MIX.filter((entry) => entry.expectedStatus !== 200).length,
      },
      limitBodyBytes,
    },
    servers,
    load,
    startup,
    ratios,
    targets: judgeTargets(load, ratios, startup, fakeReport?.lifetimePeakRssMB, contract),
    contract,
    totalWallSec: round((performance.now() - started) / 1000, 1),
  };
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(join(options.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'RESULTS.md'), renderMarkdown(results, readSoak(join(ROOT, SOAK_FILE)), readHostile(join(ROOT, HOSTILE_FILE))));
  rmSync(logDir, { recursive: true, force: true });
  log(`wrote ${join(options.outDir, 'results.json')} and RESULTS.md in ${results.totalWallSec} s`);
  for (const target of results.targets) log(`  ${target.met === undefined ? '-' : target.met ? 'MET ' : 'MISS'} ${target.description}: ${target.measured}`);
}

main().catch((error: unknown) => {
  log(`bench: ${(error as Error).stack ?? String(error)}`);
  process.exit(1); // the exit hook kills any server still running
});
