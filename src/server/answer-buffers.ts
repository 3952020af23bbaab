/**
 * Reusable memory for answer bodies: a fresh Buffer per answer is memory outside V8's heap, given back only when a
 * collection finds it dead (bench/OPTIMISATIONS.md). Buffers come in power-of-two size classes and go back to their
 * class once the response is written out ('finish'); at most a budget of bytes is kept free. A response that never
 * finishes (the client went away) keeps its buffer, which the garbage collector then takes like any other.
 */
export class AnswerBuffers {
  private readonly free = new Map<number, Buffer[]>();
  /** Bytes and buffers held free now (read them; only the pool changes them). */
  pooledBytes = 0;
  pooledCount = 0;

  /** `largestClass`: answers larger than this are not pooled. */
  constructor(
    private readonly maxFreeBytes: number,
    private readonly largestClass = 1 << 20,
  ) {}

  /** A buffer of exactly `size` bytes, and the function that gives its memory back. */
  take(size: number): { readonly bytes: Buffer; readonly release: () => void } {
    const sizeClass = Math.max(4096, 2 ** Math.ceil(Math.log2(Math.max(1, size))));
    if (sizeClass > this.largestClass) return { bytes: Buffer.allocUnsafeSlow(size), release: () => {} };
    let list = this.free.get(sizeClass);
    if (list === undefined) {
      list = [];
      this.free.set(sizeClass, list);
    }
    const pooled = list.pop();
    if (pooled !== undefined) {
      this.pooledBytes -= sizeClass;
      this.pooledCount--;
    }
    const whole = pooled ?? Buffer.allocUnsafeSlow(sizeClass);
    const pool = list;
    let released = false;
    return {
      bytes: whole.subarray(0, size),
      release: () => {
        if (released) return;
        released = true;
        if (this.pooledBytes + sizeClass > this.maxFreeBytes) return;
        pool.push(whole);
        this.pooledBytes += sizeClass;
        this.pooledCount++;
      },
    };
  }
}
