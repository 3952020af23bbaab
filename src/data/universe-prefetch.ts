import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CreatorProfile } from './creators.js';
import { adoptCreators, universeFor, type Universe } from './universe.js';

const WORKER_SCRIPT = new URL('./universe-worker.js', import.meta.url);

const pending = new Map<number, Promise<Universe>>();
const ready = new Set<number>();

/**
 * Starts generating a seed's creators in a worker thread, so that a server can load its spec, compile its validators
 * and start listening on the main thread meanwhile: on a machine with two cores, most of the universe's cost leaves
 * the start-up's critical path. Returns false (and does nothing) where no worker script is at hand, as when the
 * TypeScript sources run directly; callers then generate in-thread as before.
 */
export function prefetchUniverse(seed: number): boolean {
  if (ready.has(seed) || pending.has(seed)) return true;
  if (!existsSync(fileURLToPath(WORKER_SCRIPT))) return false;
  const worker = new Worker(WORKER_SCRIPT, { workerData: { seed } });
  worker.unref();
  const universe = new Promise<Universe>((resolve) => {
    let settled = false;
    const settle = (creators: readonly CreatorProfile[] | undefined): void => {
      if (settled) return;
      settled = true;
      pending.delete(seed);
      ready.add(seed);
      // Without the worker's creators (it failed), the universe is generated here: slower, same result.
      resolve(creators ? adoptCreators(seed, creators) : universeFor(seed));
    };
    worker.once('message', (creators: readonly CreatorProfile[]) => settle(creators));
    worker.once('error', () => settle(undefined));
    worker.once('exit', () => settle(undefined));
  });
  pending.set(seed, universe);
  return true;
}

/** The universe of a seed: at once when it is made, a promise while a worker is still making it. */
export function readyUniverse(seed: number): Universe | Promise<Universe> {
  return pending.get(seed) ?? universeFor(seed);
}
