import { createRandom } from '../../data/random.js';

/** A fixed delay or a range to draw from. */
export interface LatencyRange {
  readonly min: number;
  readonly max: number;
}

/** `250` or `100-400` (milliseconds). Returns undefined when the text is neither. */
export function parseLatency(text: string): LatencyRange | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  return min <= max ? { min, max } : undefined;
}

/** Seeded draws, so a run with the same seed sees the same sequence of delays. */
export function createLatencySource(range: LatencyRange | undefined, seed: number): () => number {
  if (range === undefined) return () => 0;
  const random = createRandom('latency', seed);
  return () => random.int(range.min, range.max);
}
