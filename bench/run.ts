/**
 * `npm run bench`: the fake against its peer (Stoplight Prism, static and dynamic), its floor (a bare Fastify route
 * sending the fake's own answers) and the limit (a bare node:http server), side by side in one run on this machine,
 * alternating the servers so drift hits all alike. Writes results.json (not committed) and the bench section of
 * RESULTS.md in bench/ (or the --out directory). See bench/RESULTS.md for the method.
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
import { CONTRACT_COMMAND, timeContractSuite } from './contract-hook.js';
import { recordFloorAnswers } from './floor.js';
import { runLoad, type LoadRun } from './load.js';
import { describeGit, describeMachine, packageVersions } from './machine.js';
import { peakRssBytes, waitUntilIdle } from './proc.js';
import { renderMarkdown } from './report.js';
import { PROBE_BODY, REQUEST_MIX } from './requests.js';
import type { BenchConfig, BenchResults, LoadSummary, MixAnswer, Ratio, ServerReport, TargetVerdict } from './results.js';
import { writeSection } from './results-md.js';
import { runRounds, SETTLE_LIMIT_MS } from './rounds.js';
import { post, SERVER_IDS, serverSpecs, startServer, stopServer, type RunningServer, type ServerId, type ServerSpec } from './servers.js';
import { measureStartup, type StartupResult } from './startup.js';
import { median, round } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const SAMPLE_CHARS = 300;
/** Fewer answers than this in a round make that round's rate too coarse to compare (Prism dynamic). */
const MIN_ROUND_ANSWERS = 100;
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
  --out DIR          where results.json and RESULTS.md go (default bench/; results.json is not committed)
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
    if (!(SERVER_IDS as readonly string[]).includes(id))
      throw new Error(`--only: unknown server "${id}"; choose from ${SERVER_IDS.join(', ')}.`);
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
      throw new Error(
        `The fake answered HTTP ${String(answer?.status)} to "${entry.name}", expected ${entry.expectedStatus}. Fix the fake or the mix in bench/requests.ts.`,
      );
    }
  });
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
      ['floor', 'fake / floor'],
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
          ratios.push({
            name,
            connections: level,
            value: round(fake.pooledRequestsPerSec / them.pooledRequestsPerSec, 2),
            method: 'pooled',
            ofMedians,
            perRound: perRound.map((value) => round(value, 2)),
          });
        }
      } else {
        ratios.push({
          name,
          connections: level,
          value: round(median(perRound), 2),
          method: 'paired',
          ofMedians,
          perRound: perRound.map((value) => round(value, 2)),
        });
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
      measured: fake10
        ? `${fake10.median.p99Ms} ms (median of ${fake10.rounds.length} rounds; worst round ${Math.max(...fake10.rounds.map((run) => run.latencyMs.p99))} ms)`
        : 'not measured',
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
      measured: contract.wallMs === undefined ? contract.note : `${(contract.wallMs / 1000).toFixed(1)} s`,
      met: contract.wallMs === undefined ? undefined : contract.wallMs <= 15_000 && contract.exitCode === 0,
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

  // 1. What the fake answers to the mix: the floor sends those very answers, the limit their mean size.
  log('calibrating: the fake answers the mix once');
  const floorAnswersFile = join(logDir, 'floor-answers.json');
  const calibration = await startServer(serverSpecs({ root: ROOT, limitBodyBytes: 0, floorAnswersFile }).fake, startOptions);
  const recorded = await recordFloorAnswers(calibration.port, floorAnswersFile);
  await stopServer(calibration);
  const fakeAnswers = recorded.map((answer, index) => ({ name: (REQUEST_MIX[index] as (typeof REQUEST_MIX)[number]).name, ...answer }));
  checkFakeAnswers(fakeAnswers);
  const limitBodyBytes = Math.round(fakeAnswers.reduce((sum, answer) => sum + answer.bodyBytes, 0) / fakeAnswers.length);
  const specs = serverSpecs({ root: ROOT, limitBodyBytes, floorAnswersFile });
  log(`  mean body ${limitBodyBytes} bytes over ${fakeAnswers.length} requests`);

  // 2. Start-up: spawn to first 200, alternating (the floor and the limit have nothing to start).
  const startupSpecs = new Map<ServerId, ServerSpec>(
    options.servers.filter((id) => id !== 'limit' && id !== 'floor').map((id) => [id, specs[id]]),
  );
  let startup: Partial<Record<ServerId, StartupResult>> = {};
  if (options.startupRuns > 0 && startupSpecs.size > 0) {
    log(`start-up: ${options.startupRuns} spawn(s) each of ${[...startupSpecs.values()].map((spec) => spec.label).join(', ')}`);
    startup = await measureStartup(startupSpecs, options.startupRuns, startOptions, log);
  }

  // 3. Load: every server runs side by side (bench/rounds.ts).
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
  const runs = await runRounds({
    rounds: options.rounds,
    connections: options.connections,
    durationSec: options.durationSec,
    ids: options.servers,
    server: (id) => running.get(id) as RunningServer,
    restart: async (id) => {
      await stopServer(running.get(id) as RunningServer);
      running.set(id, await startServer(specs[id], startOptions));
    },
    label: (id) => specs[id].label,
    log,
  });
  const servers: ServerReport[] = [];
  for (const id of options.servers) {
    const server = running.get(id) as RunningServer;
    const peak = peakRssBytes(server.pid);
    servers.push({
      ...(reports.get(id) as Omit<ServerReport, 'lifetimePeakRssMB'>),
      lifetimePeakRssMB: peak === undefined ? undefined : round(peak / 2 ** 20, 1),
    });
    await stopServer(server);
  }

  // 4. The contract suite's wall time.
  const contract: BenchResults['contract'] = options.skipContract
    ? { command: CONTRACT_COMMAND, note: 'skipped (--skip-contract)' }
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
  writeSection(join(options.outDir, 'RESULTS.md'), 'bench', renderMarkdown(results));
  rmSync(logDir, { recursive: true, force: true });
  log(`wrote ${join(options.outDir, 'results.json')} and the bench section of RESULTS.md in ${results.totalWallSec} s`);
  for (const target of results.targets)
    log(`  ${target.met === undefined ? '-' : target.met ? 'MET ' : 'MISS'} ${target.description}: ${target.measured}`);
}

main().catch((error: unknown) => {
  log(`bench: ${(error as Error).stack ?? String(error)}`);
  process.exit(1); // the exit hook kills any server still running
});
