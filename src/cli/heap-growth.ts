import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what is live before its next full collection, as a percentage, for a `serve`
 * process. Left to itself V8 lets it reach up to four times what is live when allocation is fast, as it is beside a
 * client walking through seeds or periods; the start-up baseline and the caches are then multiplied by four, and the
 * caches' bound says little about the process's memory. At 100 V8 starts its next full collection when the heap
 * reaches about twice what is live, which the memory budget's headroom (CACHE_SHARE) is sized for. It is V8's
 * schedule, not a hard limit. bench/OPTIMISATIONS.md has what it measured.
 */
export const HEAP_GROWING_PERCENT = 100;

const GROWTH_FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * Sets V8's heap growth for this process unless it was started with its own (`node --heap-growing-percent=N`; Node
 * refuses the flag in NODE_OPTIONS). Only the CLI calls it: a server built in someone else's process leaves that
 * process's garbage collector alone.
 */
export function boundHeapGrowth(execArgv: readonly string[], setFlags = setFlagsFromString): boolean {
  if (execArgv.some((flag) => GROWTH_FLAG.test(flag))) return false;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
