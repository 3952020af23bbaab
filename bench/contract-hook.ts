import { execFileSync, spawn } from 'node:child_process';

export interface ContractTiming {
  readonly available: boolean;
  readonly command: string;
  /** Wall time of the full run, ms (when available). */
  readonly wallMs?: number;
  readonly exitCode?: number | null;
  readonly note: string;
}

const COMMAND = 'node dist/cli.js contract';
const TIME_LIMIT_MS = 300_000;

/** True when the built CLI lists a `contract` command in its help. */
export function contractAvailable(root: string): boolean {
  try {
    const help = execFileSync(process.execPath, ['dist/cli.js', '--help'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return /^\s+contract\b/m.test(help);
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout ?? '';
    return /^\s+contract\b/m.test(stdout);
  }
}

/**
 * The hook for issue 5 item 4: when the CLI has a `contract` subcommand, runs it once with no arguments (its
 * default target is the in-process fake) and records its wall time; otherwise records "not available yet".
 * Bounded: the run is killed after TIME_LIMIT_MS.
 */
export async function timeContractSuite(root: string, log: (line: string) => void): Promise<ContractTiming> {
  if (!contractAvailable(root)) {
    return { available: false, command: COMMAND, note: 'not available yet: `node dist/cli.js --help` lists no contract command' };
  }
  log(`  running ${COMMAND}`);
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/cli.js', 'contract'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  clearTimeout(timer);
  const wallMs = Math.round(performance.now() - started);
  const lastLine = output.trim().split('\n').slice(-1)[0] ?? '';
  return {
    available: true,
    command: COMMAND,
    wallMs,
    exitCode,
    note: exitCode === 0 ? 'ran to completion' : `exited with code ${String(exitCode)}; last output line: ${lastLine.slice(0, 200)}`,
  };
}
