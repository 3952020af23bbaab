import { kitVersion } from '../kit-version.js';
import type { CliIo } from './io.js';
import type { RunningServer } from './serve-command.js';
import { INTERNAL_ERROR_EXIT, exitCodeOf, isSystemRefusal, systemError } from '../kit-errors.js';
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
    return { exitCode: reportFailure(error, io) };
  }
}

/**
 * What a command threw, said on stderr; returns the exit code, which its `code` alone decides (see KIT_ERRORS): the
 * caller's to fix in one line (2), or a bug in the kit, with the stack (3).
 */
export function reportFailure(caught: unknown, io: CliIo): number {
  // A system refusal no command put in its own words (a port, a file, a limit) is the caller's to fix all the same.
  const error = isSystemRefusal(caught) ? systemError(caught) : caught;
  const exitCode = exitCodeOf(error);
  if (exitCode !== INTERNAL_ERROR_EXIT) {
    io.stderr(`fastmoss-kit: ${logLines((error as Error).message)}\n`);
    return exitCode;
  }
  io.stderr(
    `fastmoss-kit: internal error (a bug in the kit; please report it with this output):\n${logLines(error instanceof Error ? String(error.stack) : String(error))}\n`,
  );
  return exitCode;
}
