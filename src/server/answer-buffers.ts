/**
 * Reusable memory for answer bodies. A fresh Buffer per answer (1 to 95 KB, thousands a second) is memory outside
 * V8's heap that is only given back when a garbage collection finds it dead: under load that held tens of MB and
 * the allocator's churn showed in RSS and CPU. Buffers here come in power-of-two size classes and go back to their
 * class once the response has been written out ('finish': Node calls it after the socket took the last byte), so a
 * busy server reuses a few dozen buffers; at most a budget of bytes is kept free. A response that never finishes (the
 * client went away) keeps its buffer, which the garbage collector then takes like any other.
 */
export class AnswerBuffers {
  private readonly free = new Map<number, Buffer[]>();
  private freeBytes = 0;
  private freeCount = 0;

  /**
   * @param maxFreeBytes most bytes kept in free buffers (the rest are left to the garbage collector)
   * @param largestClass answers larger than this are not pooled
   */
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
      this.freeBytes -= sizeClass;
      this.freeCount--;
    }
    const whole = pooled ?? Buffer.allocUnsafeSlow(sizeClass);
    const pool = list;
    let released = false;
    return {
      bytes: whole.subarray(0, size),
      release: () => {
        if (released) return;
        released = true;
        if (this.freeBytes + sizeClass > this.maxFreeBytes) return;
        pool.push(whole);
        this.freeBytes += sizeClass;
        this.freeCount++;
      },
    };
  }

  /** Bytes held in free buffers now. */
  get pooledBytes(): number {
    return this.freeBytes;
  }

  get pooledCount(): number {
    return this.freeCount;
  }
}
