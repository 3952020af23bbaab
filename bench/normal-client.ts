/**
 * A well-behaved client, run in a process of its own beside an attack (so the attacker's own work does not delay its
 * timings): the bench's valid bodies at a steady rate over a few kept-alive connections, with its own token. Prints
 * its figures as JSON on stdout.
 *
 *   node --import tsx bench/normal-client.ts PORT SECONDS [RATE] [CONNECTIONS]
 */
import autocannon from 'autocannon';
import { ENDPOINT_PATH, REQUEST_MIX } from './requests.js';
import { percentile, round, Samples } from './stats.js';

export interface NormalClientRun {
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: number;
}

const [port = 0, seconds = 0, rate = 100, connections = 2] = process.argv.slice(2).map(Number);
if (!(port > 0 && seconds > 0)) throw new Error('Usage: node --import tsx bench/normal-client.ts PORT SECONDS [RATE] [CONNECTIONS]');

const latencies = new Samples();
const statuses: Record<string, number> = {};
const result = await autocannon({
  url: `http://127.0.0.1:${port}`,
  connections,
  duration: seconds,
  overallRate: rate,
  timeout: 10,
  requests: REQUEST_MIX.filter((entry) => entry.expectedStatus === 200).map((entry) => ({
    method: 'POST' as const,
    path: ENDPOINT_PATH,
    headers: { 'content-type': 'application/json', authorization: 'Bearer normal-client' },
    body: JSON.stringify(entry.body),
  })),
  setupClient: (client) => {
    client.on('response', (status, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  },
});
const sorted = latencies.sorted();
const run: NormalClientRun = {
  requests: latencies.length,
  p50Ms: round(percentile(sorted, 50), 2),
  p99Ms: round(percentile(sorted, 99), 2),
  maxMs: round(percentile(sorted, 100), 2),
  statuses,
  errors: result.errors + result.timeouts,
};
process.stdout.write(`${JSON.stringify(run)}\n`);
