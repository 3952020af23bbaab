/** Small, fast, seeded randomness for the hot path (faker is kept for identities, made once per seed). */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const fnv = (h: number, text: string): number => {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
};

/** murmur3's finaliser, for avalanche. */
const finish = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** A 32-bit hash of a string (FNV-1a, then murmur3's finaliser). */
export const hash32 = (text: string): number => finish(fnv(FNV_OFFSET, text));

/** hash32 of the parts joined by U+0000, without making the joined string. */
function hashParts(parts: readonly (string | number)[]): number {
  let h = FNV_OFFSET;
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) h = Math.imul(h, FNV_PRIME); // the separator: U+0000 leaves h as it is before the multiplication
    h = fnv(h, String(parts[p]));
  }
  return finish(h);
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** mulberry32. A class, not closures: a ranking build makes one per creator and period, and closures cost ~30x more. */
class Mulberry32 implements Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A deterministic generator for a seed made from any number of parts. */
export const createRandom = (...parts: (string | number)[]): Random => new Mulberry32(hashParts(parts));

/** Picks `count` distinct elements, in a deterministic order. */
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) {
    out.push(pool.splice(Math.floor(random.next() * pool.length), 1)[0] as T);
  }
  return out;
}
