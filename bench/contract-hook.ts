import { spawn } from 'node:child_process';

export interface ContractTiming {
  readonly command: string;
  /** Wall time of the full run, ms (absent when skipped). */
  readonly wallMs?: number;
  readonly exitCode?: number | null;
  readonly note: string;
}

export const CONTRACT_COMMAND = 'node dist/cli.js contract';
const TIME_LIMIT_MS = 300_000;

/**
 * Issue 5 item 4: runs the contract suite once with no arguments (its default target is the in-process fake) and
 * records its wall time. Bounded: the run is killed after TIME_LIMIT_MS.
 */
export async function timeContractSuite(root: string, log: (line: string) => void): Promise<ContractTiming> {
  log(`  running ${CONTRACT_COMMAND}`);
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
    command: CONTRACT_COMMAND,
    wallMs,
    exitCode,
    note: exitCode === 0 ? 'ran to completion' : `exited with code ${String(exitCode)}; last output line: ${lastLine.slice(0, 200)}`,
  };
}
