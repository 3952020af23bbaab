import { TargetUnreachableError } from './contract-errors.js';
import { displayUrl } from './scrub.js';

export interface WaitOptions {
  /** Longest to wait, in seconds. */
  readonly waitS: number;
  /** Pause between attempts. Default 250 ms. */
  readonly intervalMs?: number;
  /** Test seams. */
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
}

/** The probe's URL: `<base>/healthz`, without the base URL's query (which may carry credentials) or fragment. */
export function probeUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/$/, '')}/healthz`;
}

/**
 * Waits until the target answers HTTP at all, for CI jobs that start the fake and run the suite straight away. Each
 * attempt is `GET <base>/healthz` without credentials: never the endpoint (against production it costs nothing and
 * spends no budget), and any answer below 500 counts (the fake's /healthz is a 200; production's 404 still proves it is
 * up; a 502 or 503 from a proxy whose app is still starting does not). Rejects with TargetUnreachableError naming the
 * URL (no credentials) when `waitS` passes first.
 */
export async function waitForTarget(baseUrl: string, options: WaitOptions): Promise<void> {
  const {
    waitS,
    intervalMs = 250,
    fetch: send = fetch,
    sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    clock = Date.now,
  } = options;
  const url = probeUrl(baseUrl);
  const deadline = clock() + waitS * 1000;
  let last: string;
  for (;;) {
    const left = deadline - clock();
    try {
      const answer = await send(url, {
        method: 'GET',
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(100, Math.min(2_000, left))),
      });
      await answer.body?.cancel();
      if (answer.status < 500) return;
      last = `it answered HTTP ${answer.status}`;
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      last = cause?.code ?? cause?.message ?? (error as Error).message;
    }
    if (clock() + intervalMs > deadline) break;
    await sleep(intervalMs);
  }
  throw new TargetUnreachableError(
    `The target at ${displayUrl(baseUrl)} did not answer within ${waitS} s (--wait-s ${waitS}; last attempt: ${last}). ` +
      'Start it first (serve prints "fake FastMoss server on URL" once it listens), check --base-url, or raise --wait-s.',
  );
}
