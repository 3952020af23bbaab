import { listenFailure } from '../server/listen-failure.js';
import { UsageError } from './usage-error.js';

/** Where serve's address came from, to name it in a message: the flag or the environment variable. */
interface ListenAddress {
  readonly host: string;
  readonly hostFrom: string;
  readonly port: number;
  readonly portFrom: string;
}

/**
 * A failure to listen, said in terms of what the user passed: a host that does not resolve or is not this machine's
 * names `--host`/FAKE_HOST, a port in use or refused names `--port`/FAKE_PORT. Anything else is returned unchanged.
 */
export function listenError(error: unknown, address: ListenAddress): unknown {
  const failure = listenFailure(error);
  if (failure === undefined) return error;
  if (failure.about === 'host') {
    return new UsageError(
      `Cannot listen on host "${address.host}" (from ${address.hostFrom}): ${failure.why} (${failure.code}). ` +
        'Pass --host or FAKE_HOST an address of this machine: 127.0.0.1 (loopback, the default) or 0.0.0.0 (every interface).',
    );
  }
  const advice =
    failure.code === 'EACCES'
      ? 'Pass --port or FAKE_PORT a port above 1023.'
      : 'Stop it, or pass --port or FAKE_PORT another port (0 picks a free one).';
  return new UsageError(`Cannot listen on port ${address.port} (from ${address.portFrom}): ${failure.why}. ${advice}`);
}
