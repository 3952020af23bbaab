/**
 * Work a request needs done before it can be answered (a seed's universe, a period's ranking; tens of milliseconds each),
 * done without stalling every other request: one build at a time for the whole server, in steps, with other I/O let
 * in between steps (setImmediate). So while one client walks through seeds or periods, everyone else waits at most
 * one step. Requests for the same build share it. At most `maxWaiting` builds wait; past that, run() refuses, so the
 * queue (and what a drain has to finish) stays short.
 */
export interface ColdBuilds {
  /** The build's result, or undefined when too many builds are waiting. */
  run<T>(key: string, steps: () => Generator<void, T, void>): Promise<T> | undefined;
  readonly waiting: number;
}

export const MAX_WAITING_BUILDS = 64;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createColdBuilds(maxWaiting = MAX_WAITING_BUILDS): ColdBuilds {
  const pending = new Map<string, Promise<unknown>>();
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(key: string, steps: () => Generator<void, T, void>): Promise<T> | undefined {
      const known = pending.get(key) as Promise<T> | undefined;
      if (known !== undefined) return known;
      if (pending.size >= maxWaiting) return undefined;
      const result = tail.then(async () => {
        const run = steps();
        let step = run.next();
        while (!step.done) {
          await nextTurn();
          step = run.next();
        }
        return step.value;
      });
      tail = result.catch(() => undefined);
      const settled = result.finally(() => pending.delete(key));
      pending.set(key, settled);
      return settled;
    },
    get waiting() {
      return pending.size;
    },
  };
}
