import autocannon from 'autocannon';
import { cpuSeconds, sampleRss } from './proc.js';
import { autocannonRequests } from './requests.js';
import { percentile, round, Samples } from './stats.js';

export interface LoadRun {
  readonly connections: number;
  /** Seconds the run lasted, as autocannon measured it. */
  readonly durationSec: number;
  /** Responses received (any status). */
  readonly responses: number;
  readonly requestsPerSec: number;
  /** Latency of every response (any status), in ms, from our own per-response timings (autocannon's histogram has 1 ms steps). */
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly mean: number };
  /** Connection errors and timeouts, as autocannon counts them. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly meanResponseBytes: number;
  /** Largest RSS of the server process sampled every 100 ms during the run, MB. */
  readonly serverPeakRssMB: number | undefined;
  /** Server CPU time over the run's wall time (100 = one core busy). */
  readonly serverCpuPct: number | undefined;
  /** The load generator's (this process's) CPU over wall time. */
  readonly clientCpuPct: number;
  /** After the run: how long the server took to go quiet, or that it was restarted because it did not (see run.ts). */
  readonly settle?: { readonly idleAfterMs: number | undefined; readonly restarted: boolean };
}

export interface LoadOptions {
  readonly port: number;
  readonly pid: number;
  readonly connections: number;
  readonly durationSec: number;
}

const MB = 2 ** 20;

/**
 * One autocannon run against a server on 127.0.0.1 with the request mix, bounded by `durationSec` (and
 * autocannon's own 10 s per-request timeout). Latencies are recorded per response, so percentiles are exact.
 */
export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const latencies = new Samples();
  const statusCounts: Record<string, number> = {};
  let bytes = 0;
  const rss = sampleRss(options.pid);
  const cpuBefore = cpuSeconds(options.pid);
  const clientBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.durationSec,
    requests: autocannonRequests(),
    timeout: 10,
    setupClient: (client) => {
      client.on('response', (statusCode, resBytes, responseTime) => {
        latencies.push(responseTime);
        statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
        bytes += resBytes;
      });
    },
  });
  const wallSec = (performance.now() - wallBefore) / 1000;
  const cpuAfter = cpuSeconds(options.pid);
  const client = process.cpuUsage(clientBefore);
  const peak = rss.stop();
  const sorted = latencies.sorted();
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const responses = latencies.length;
  return {
    connections: options.connections,
    durationSec: round(result.duration, 3),
    responses,
    requestsPerSec: round(responses / result.duration, 1),
    latencyMs: {
      p50: round(percentile(sorted, 50), 3),
      p90: round(percentile(sorted, 90), 3),
      p99: round(percentile(sorted, 99), 3),
      max: round(percentile(sorted, 100), 3),
      mean: round(responses === 0 ? Number.NaN : total / responses, 3),
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCounts,
    meanResponseBytes: Math.round(responses === 0 ? 0 : bytes / responses),
    serverPeakRssMB: peak === undefined ? undefined : round(peak / MB, 1),
    serverCpuPct: cpuBefore === undefined || cpuAfter === undefined ? undefined : round(((cpuAfter - cpuBefore) / wallSec) * 100, 0),
    clientCpuPct: round(((client.user + client.system) / 1e6 / wallSec) * 100, 0),
  };
}
