import { UsageError } from './usage-error.js';

/** Where serve's address came from, to name it in a message: the flag or the environment variable. */
interface ListenAddress {
  readonly host: string;
  readonly hostFrom: string;
  readonly port: number;
  readonly portFrom: string;
}

const HOST_ERRORS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'the name does not resolve',
  EAI_AGAIN: 'the name could not be resolved (DNS did not answer)',
  EAI_NONAME: 'the name does not resolve',
  EADDRNOTAVAIL: 'it is not an address of this machine',
};

/**
 * A failure to listen, said in terms of what the user passed: a host that does not resolve or is not this machine's
 * names `--host`/FAKE_HOST, a port in use or refused names `--port`/FAKE_PORT. Anything else is returned unchanged.
 */
export function listenError(error: unknown, address: ListenAddress): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error;
  const why = HOST_ERRORS[code];
  if (why !== undefined) {
    return new UsageError(
      `Cannot listen on host "${address.host}" (from ${address.hostFrom}): ${why} (${code}). ` +
        'Pass --host or FAKE_HOST an address of this machine: 127.0.0.1 (loopback, the default) or 0.0.0.0 (every interface).',
    );
  }
  if (code === 'EADDRINUSE') {
    return new UsageError(
      `Cannot listen on port ${address.port} (from ${address.portFrom}): it is already in use, by another fake still running or another service. ` +
        'Stop it, or pass --port or FAKE_PORT another port (0 picks a free one).',
    );
  }
  if (code === 'EACCES') {
    return new UsageError(
      `Cannot listen on port ${address.port} (from ${address.portFrom}): permission denied. Pass --port or FAKE_PORT a port above 1023.`,
    );
  }
  return error;
}
