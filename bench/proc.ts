import { readFileSync } from 'node:fs';

/** Linux /proc readings of another process: resident memory and CPU time. Undefined when unreadable. */

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Current resident set size, bytes. */
export const rssBytes = (pid: number): number | undefined => statusField(pid, 'VmRSS');

/** Peak resident set size over the process's life (the kernel's high-water mark), bytes. */
export const peakRssBytes = (pid: number): number | undefined => statusField(pid, 'VmHWM');

const TICKS_PER_SECOND = 100;

/** User + system CPU time of the process so far, in seconds. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the largest value seen. */
export function sampleRss(pid: number, intervalMs = 100): { stop: () => number | undefined } {
  let peak: number | undefined;
  const read = (): void => {
    const value = rssBytes(pid);
    if (value !== undefined && (peak === undefined || value > peak)) peak = value;
  };
  read();
  const timer = setInterval(read, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until a process has gone quiet: less than `busyShare` of one core over a `windowMs` window. A server that
 * queued more requests than it could answer (Prism dynamic) keeps working after the load stops, and would slow the
 * next server's run. Resolves with the milliseconds waited, or undefined when it was still busy after `maxMs`.
 */
export async function waitUntilIdle(pid: number, maxMs: number, windowMs = 250, busyShare = 0.1): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < maxMs) {
    const before = cpuSeconds(pid);
    const windowStart = performance.now();
    await sleep(windowMs);
    const after = cpuSeconds(pid);
    if (before === undefined || after === undefined) return undefined;
    if (after - before < (busyShare * (performance.now() - windowStart)) / 1000) return Math.round(performance.now() - started);
  }
  return undefined;
}
