// The errors the kit itself throws to its caller (the CLI's user, or code using the package), each with a stable code.
// Not to be confused with src/errors.ts: the vendor's HTTP error envelopes the fake answers its clients with.

/** What a code means to whoever meets it: the CLI's exit code (2 the caller can fix it, 3 a bug in the kit) and what to do. */
export interface KitErrorInfo {
  readonly exitCode: 2 | 3;
  readonly todo: string;
}

/** Every code the kit's errors carry. docs/errors.md lists them (test/kit-errors.test.ts keeps the two the same). */
export const KIT_ERRORS = {
  FMK_ERR_USAGE: { exitCode: 2, todo: 'Fix the command line as the message says; `fastmoss-kit <command> --help` lists the options.' },
  FMK_ERR_SPEC: { exitCode: 2, todo: 'Fix the spec at the place the message names, or pass another with --spec.' },
  FMK_ERR_FAKE_OPTIONS: { exitCode: 2, todo: "Change the fake server's option the message names (docs/fake-server-options.md)." },
  FMK_ERR_CONTRACT_SETUP: { exitCode: 2, todo: 'Fix the option, API key or file the message names, then run again.' },
  FMK_ERR_TARGET_UNREACHABLE: {
    exitCode: 2,
    todo: 'Start the target, or fix --base-url; --wait-s waits for a target that is still starting.',
  },
  FMK_ERR_DRIFT_REPORT: { exitCode: 2, todo: 'Pass the drift.json a `fastmoss-kit contract` run wrote, unchanged.' },
  FMK_ERR_EXCHANGE_FAILED: { exitCode: 2, todo: 'Check that the target is up and its address right; the message says what failed.' },
  FMK_ERR_ANSWER_TOO_LARGE: { exitCode: 2, todo: 'Raise --max-body-mb (maxBodyBytes), or find out why the target answers that much.' },
  FMK_ERR_SYSTEM: {
    exitCode: 2,
    todo: 'The system refused what the kit asked of it: free the port, fix the permissions of the path, or raise the limit the message names.',
  },
} as const satisfies Readonly<Record<`FMK_ERR_${string}`, KitErrorInfo>>;

export type KitErrorCode = keyof typeof KIT_ERRORS;

/** Exit code of an error that carries none of the codes above: a bug in the kit. */
export const INTERNAL_ERROR_EXIT = 3;

export function isKitErrorCode(code: unknown): code is KitErrorCode {
  return typeof code === 'string' && Object.hasOwn(KIT_ERRORS, code);
}

/** The base of every error the kit throws to its caller: `code` says what kind it is, whatever the class. */
export abstract class KitError extends Error {
  abstract readonly code: KitErrorCode;
}

/** The CLI's exit code for what was thrown, read from its `code` alone: 3 (a bug) when it has none of the kit's. */
export function exitCodeOf(error: unknown): 2 | 3 {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return isKitErrorCode(code) ? KIT_ERRORS[code].exitCode : INTERNAL_ERROR_EXIT;
}

/** The operating system refused something (a port, a file, a limit): the message names the call, the path or address, and the errno code. */
export class SystemError extends KitError {
  override readonly name = 'SystemError';
  readonly code = 'FMK_ERR_SYSTEM';
}

/** True for an error Node raised for a refused system call (it has both `code` and `syscall`). */
export function isSystemRefusal(error: unknown): error is NodeJS.ErrnoException & { code: string; syscall: string } {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return error instanceof Error && typeof code === 'string' && typeof syscall === 'string';
}

/**
 * A system refusal as a SystemError naming what was refused: the call, the path or address and port, and the errno
 * code. Built from those fields alone, not from the original message, so that nothing else it may quote is repeated.
 */
export function systemError(error: NodeJS.ErrnoException & { code: string; syscall: string }): SystemError {
  const { address, port, dest } = error as { address?: unknown; port?: unknown; dest?: unknown };
  const where = [
    typeof error.path === 'string' ? error.path : undefined,
    typeof address === 'string' ? (typeof port === 'number' ? `${address}:${port}` : address) : undefined,
    typeof dest === 'string' ? `to ${dest}` : undefined,
  ].filter((part) => part !== undefined);
  return new SystemError(
    `The system refused ${error.syscall}${where.length === 0 ? '' : ` on ${where.join(' ')}`} (${error.code}). ${KIT_ERRORS.FMK_ERR_SYSTEM.todo}`,
    { cause: error },
  );
}
