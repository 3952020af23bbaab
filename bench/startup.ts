import { startServer, stopServer, type ServerSpec, type StartOptions } from './servers.js';
import { median, round } from './stats.js';

export interface StartupResult {
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Start-up time, process spawn to the first 200 answer to a valid POST (the vendor's example request), for each
 * server, `runs` times, alternating the servers so drift hits all alike. Each process is stopped before the next
 * spawn.
 */
export async function measureStartup<K extends string>(
  specs: ReadonlyMap<K, ServerSpec>,
  runs: number,
  options: StartOptions,
  log: (line: string) => void,
): Promise<Record<K, StartupResult>> {
  const times = new Map<K, number[]>([...specs.keys()].map((id) => [id, []]));
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? [...specs] : [...specs].reverse();
    for (const [id, spec] of order) {
      const server = await startServer(spec, options);
      await stopServer(server);
      times.get(id)?.push(server.readyMs);
      log(`  start-up ${spec.label}: ${server.readyMs.toFixed(0)} ms`);
    }
  }
  const results = {} as Record<K, StartupResult>;
  for (const [id, list] of times) {
    results[id] = {
      runsMs: list.map((value) => round(value, 1)),
      medianMs: round(median(list), 1),
      minMs: round(Math.min(...list), 1),
      maxMs: round(Math.max(...list), 1),
    };
  }
  return results;
}
