import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what is live before its next full collection, as a percentage, for a `serve`
 * process. Left to itself V8 grows it to as much as four times what is live when allocation is fast, as it is under a
 * client walking through seeds or periods: the caches' bound then says little about the process's memory, since the
 * baseline and the caches are multiplied by four. At 100 the heap stays within twice what is live, which the memory
 * budget's CACHE_SHARE leaves room for. bench/OPTIMISATIONS.md has what it measured.
 */
export const HEAP_GROWING_PERCENT = 100;

const GROWTH_FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * Sets V8's heap growth for this process unless the process was started with its own (in its flags or NODE_OPTIONS).
 * Only the CLI calls it: a server built in someone else's process leaves that process's garbage collector alone.
 */
export function boundHeapGrowth(execArgv: readonly string[], nodeOptions: string | undefined, setFlags = setFlagsFromString): boolean {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  if (given.some((flag) => GROWTH_FLAG.test(flag))) return false;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
