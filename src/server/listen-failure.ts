/** Why the fake could not listen, as far as the address given can be blamed: its host, or its port. */
export interface ListenFailure {
  readonly about: 'host' | 'port';
  readonly why: string;
  readonly code: string;
}

const FAILURES: Readonly<Record<string, Omit<ListenFailure, 'code'>>> = {
  ENOTFOUND: { about: 'host', why: 'the name does not resolve' },
  EAI_AGAIN: { about: 'host', why: 'the name could not be resolved (DNS did not answer)' },
  EAI_NONAME: { about: 'host', why: 'the name does not resolve' },
  EADDRNOTAVAIL: { about: 'host', why: 'it is not an address of this machine' },
  EADDRINUSE: { about: 'port', why: 'it is already in use, by another fake still running or another service' },
  EACCES: { about: 'port', why: 'permission denied' },
};

/** What a listen error says about the address (undefined: something else, to pass on as it is). */
export function listenFailure(error: unknown): ListenFailure | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const failure = code === undefined ? undefined : FAILURES[code];
  return failure === undefined || code === undefined ? undefined : { ...failure, code };
}
