import { kitVersion } from '../kit-version.js';
import type { CliIo } from './io.js';
import type { RunningServer } from './serve-command.js';
import { ContractSetupError, TargetUnreachableError } from '../contract/contract-errors.js';
import { SpecError } from '../openapi/spec-error.js';
import { FakeServerOptionsError } from '../server/options.js';
import { logLines } from '../text-escape.js';
import { UsageError } from './usage-error.js';

export const MAIN_HELP = `Usage: fastmoss-kit <command> [options]

Mock server and contract-testing kit for FastMoss POST /creator/v1/rank/topPotential.

Commands:
  serve       start the fake server (no API key needed)
  contract    check a target (default: the fake; or production) against the spec, write a drift report
  record      save a target's real answers as fixtures, for serve --fixtures and contract --offline

Run \`fastmoss-kit <command> --help\` for a command's options; \`fastmoss-kit --version\` (-v) prints the version.
Exit codes: 0 success, 1 the command found a problem (e.g. drift, or a contract run that judged too little for
a verdict), 2 usage error, unusable spec or target unreachable, 3 an internal error (a bug in the kit).
`;

export interface CliOutcome {
  readonly exitCode: number;
  /** Set when the command left a server running (serve); the caller decides when to close it. */
  readonly server?: RunningServer;
}

/** Runs one command line. Never throws: failures become a message on stderr and an exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CliOutcome> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'serve': {
        // Each command is imported when it runs: `serve` starts without loading the contract suite or the recorder.
        const { serveCommand } = await import('./serve-command.js');
        const server = await serveCommand(args, io);
        return server ? { exitCode: 0, server } : { exitCode: 0 };
      }
      case 'contract':
        return { exitCode: await (await import('./contract-command.js')).contractCommand(args, io) };
      case 'record':
        return { exitCode: await (await import('./record-command.js')).recordCommand(args, io) };
      case '-v':
      case '--version':
        io.stdout(`${kitVersion()}\n`);
        return { exitCode: 0 };
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(MAIN_HELP);
        return { exitCode: command === undefined ? 2 : 0 };
      default:
        throw new UsageError(`Unknown command "${command}". Run \`fastmoss-kit --help\` for the list.`);
    }
  } catch (error) {
    if (isUsersToFix(error)) {
      io.stderr(`fastmoss-kit: ${logLines(error.message)}\n`);
      return { exitCode: 2 };
    }
    io.stderr(
      `fastmoss-kit: internal error (a bug in the kit; please report it with this output):\n${logLines(error instanceof Error ? String(error.stack) : String(error))}\n`,
    );
    return { exitCode: INTERNAL_ERROR_EXIT };
  }
}

/** A bug in the kit, not in how it was called: exit code 3, with the stack. */
export const INTERNAL_ERROR_EXIT = 3;

/**
 * Failures the caller can fix, said in one line with exit code 2: a flag, the spec, the run's setup, an unreachable
 * target, or the system refusing something asked of it (a port in use, a file that cannot be read).
 */
export function isUsersToFix(error: unknown): error is Error {
  const known = [UsageError, SpecError, ContractSetupError, TargetUnreachableError, FakeServerOptionsError];
  if (known.some((kind) => error instanceof kind)) return true;
  const { code, syscall } = error as NodeJS.ErrnoException;
  return error instanceof Error && typeof code === 'string' && typeof syscall === 'string';
}
