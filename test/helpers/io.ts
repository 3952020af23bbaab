import type { CliIo } from '../../src/cli/io.js';

/** A CliIo that records what a command printed. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string; progressLines: () => string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  return {
    env,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    progress: (line) => void progress.push(line),
    out: () => out.join(''),
    err: () => err.join(''),
    progressLines: () => progress,
  };
}
