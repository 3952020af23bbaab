import type { CliIo } from './io.js';
import type { RunningServer } from './serve-command.js';
import { UsageError } from './usage-error.js';

export const MAIN_HELP = `Usage: fastmoss-kit <command> [options]

Mock server and contract-testing kit for FastMoss POST /creator/v1/rank/topPotential.

Commands:
  serve       start the fake server (no API key needed)
  contract    check a target (default: the fake; or production) against the spec, write a drift report
  record      save a target's real answers as fixtures, for serve --fixtures and contract --offline

Run \`fastmoss-kit <command> --help\` for a command's options.
Exit codes: 0 success, 1 the command found a problem (e.g. drift), 2 usage error or target unreachable.
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
    if (error instanceof UsageError) {
      io.stderr(`fastmoss-kit: ${error.message}\n`);
      return { exitCode: 2 };
    }
    io.stderr(`fastmoss-kit: ${(error as Error).message}\n`);
    return { exitCode: 2 };
  }
}
