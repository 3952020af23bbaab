import type { CliIo } from './io.js';

export interface ShutdownOptions {
  /** How long in-flight requests may take after a signal before the process gives up on them. */
  readonly graceMs?: number;
  readonly exit?: (code: number) => void;
  readonly signals?: Pick<NodeJS.EventEmitter, 'once'>;
}

export const SHUTDOWN_GRACE_MS = 5_000;

/**
 * On SIGINT or SIGTERM: stop accepting, let in-flight requests finish (Fastify's close), then exit 0; exit 1 if
 * that takes longer than the grace period.
 */
export function closeOnSignals(app: { close(): PromiseLike<unknown> }, io: CliIo, options: ShutdownOptions = {}): void {
  const { graceMs = SHUTDOWN_GRACE_MS, exit = process.exit.bind(process), signals = process } = options;
  let closing = false;
  const onSignal = (signal: string): void => {
    if (closing) return;
    closing = true;
    io.stderr(`received ${signal}: finishing in-flight requests\n`);
    const timer = setTimeout(() => {
      io.stderr(`in-flight requests did not finish within ${graceMs} ms; exiting\n`);
      exit(1);
    }, graceMs);
    timer.unref();
    void app.close().then(() => {
      clearTimeout(timer);
      exit(0);
    });
  };
  signals.once('SIGINT', onSignal);
  signals.once('SIGTERM', onSignal);
}
