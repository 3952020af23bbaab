import { runLoad, type LoadRun } from './load.js';
import { waitUntilIdle } from './proc.js';
import type { RunningServer } from './servers.js';

/** How long a server may keep working on queued requests after a run before it is restarted instead. */
export const SETTLE_LIMIT_MS = 5_000;
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export interface RoundsOptions<K extends string> {
  readonly rounds: number;
  readonly connections: readonly number[];
  readonly durationSec: number;
  /** The servers, in the first round's order; each later round rotates it by one. */
  readonly ids: readonly K[];
  readonly server: (id: K) => RunningServer;
  /** Starts a server anew (called when it is still busy SETTLE_LIMIT_MS after a run). */
  readonly restart: (id: K) => Promise<void>;
  readonly label: (id: K) => string;
  readonly log: (line: string) => void;
}

export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Side by side: every round runs every server at every connection level, in an order rotated per round, so drift on
 * a shared machine hits all alike. After each run the server must go quiet (one that queued more requests than it
 * could answer keeps working and would slow the next) or it is restarted. Runs by `${id}@${connections}`.
 */
export async function runRounds<K extends string>(options: RoundsOptions<K>): Promise<Map<string, LoadRun[]>> {
  const runs = new Map<string, LoadRun[]>();
  for (let roundIndex = 0; roundIndex < options.rounds; roundIndex++) {
    for (const connections of options.connections) {
      for (const id of rotate(options.ids, roundIndex)) {
        const server = options.server(id);
        await sleep(250);
        const measured = await runLoad({ port: server.port, pid: server.pid, connections, durationSec: options.durationSec });
        const idleAfterMs = await waitUntilIdle(server.pid, SETTLE_LIMIT_MS);
        if (idleAfterMs === undefined) {
          options.log(`  ${options.label(id)} still busy ${SETTLE_LIMIT_MS / 1000} s after the run (queued requests): restarting it`);
          await options.restart(id);
        }
        const run: LoadRun = { ...measured, settle: { idleAfterMs, restarted: idleAfterMs === undefined } };
        const key = `${id}@${connections}`;
        runs.set(key, [...(runs.get(key) ?? []), run]);
        options.log(
          `  round ${roundIndex + 1}/${options.rounds} ${connections} conn. ${options.label(id)}: ${run.requestsPerSec} req/s, ` +
            `p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}, ` +
            `rss ${String(run.serverPeakRssMB)} MB, server cpu ${String(run.serverCpuPct)}%, client cpu ${run.clientCpuPct}%`,
        );
      }
    }
  }
  return runs;
}
