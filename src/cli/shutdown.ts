import type { FastifyInstance } from 'fastify';
import type { CliIo } from './io.js';

/** How long in-flight requests may take to finish after a signal before the process gives up on them. */
export const SHUTDOWN_GRACE_MS = 5_000;

/**
 * On SIGINT or SIGTERM: stop accepting, let in-flight requests finish (Fastify's close), then exit 0; exit 1 if
 * that takes longer than the grace period.
 */
export function closeOnSignals(app: FastifyInstance, io: CliIo, exit: (code: number) => void = (code) => process.exit(code)): void {
  let closing = false;
  const onSignal = (signal: string): void => {
    if (closing) return;
    closing = true;
    io.stderr(`received ${signal}: finishing in-flight requests\n`);
    const timer = setTimeout(() => {
      io.stderr(`in-flight requests did not finish within ${SHUTDOWN_GRACE_MS} ms; exiting\n`);
      exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    void app.close().then(() => {
      clearTimeout(timer);
      exit(0);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
