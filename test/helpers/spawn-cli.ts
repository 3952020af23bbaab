import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface SpawnedCli {
  readonly child: ChildProcess;
  readonly output: () => { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
}

/**
 * tap measures coverage of child processes too (it re-adds its loader to NODE_OPTIONS of every spawn), but
 * tsx transpiles differently from tap's loader and the merged byte ranges come out wrong. The in-process
 * tests cover this code, so the child runs unmeasured: `env -u` drops what tap added before node starts.
 */
export function withoutCoverage(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const key of Object.keys(copy))
    if (key === 'NODE_V8_COVERAGE' || key === 'NODE_OPTIONS' || key.startsWith('_TAPJS')) delete copy[key];
  return copy;
}

/**
 * A command line that runs `command` unmeasured, whatever it starts in turn: tap re-adds its coverage hooks to the
 * environment of every process a test spawns, so they are dropped by `env -u` once tap has added them.
 */
export function unmeasured(command: string, args: readonly string[]): [string, string[]] {
  return ['/usr/bin/env', ['-u', 'NODE_OPTIONS', '-u', 'NODE_V8_COVERAGE', command, ...args]];
}

/**
 * Runs the real bin entry in its own process, as `npm start` would: by default src/cli.ts through tsx; `entry`
 * replaces that, e.g. `['dist/cli.js']` for the built CLI.
 */
export function spawnCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  entry: readonly string[] = ['--import', 'tsx', CLI],
): SpawnedCli {
  const unset = ['NODE_OPTIONS', 'NODE_V8_COVERAGE'].flatMap((name) => ['-u', name]);
  const child = spawn('/usr/bin/env', [...unset, process.execPath, ...entry, ...args], {
    env: { ...withoutCoverage(process.env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Waits for serve's start-up line and returns the URL it printed. */
export async function servedUrl(cli: SpawnedCli, timeoutMs = 20_000): Promise<string> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const match = /server on (http:\/\/[^\s]+)/.exec(cli.output().stdout);
    if (match?.[1]) return match[1];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`serve did not start: ${JSON.stringify(cli.output())}`);
}
