/** Where a command writes and what it reads from its environment; tests pass their own. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** A progress line for long runs, redrawn in place on a terminal; nothing at all when stderr is not a TTY. */
  readonly progress: (line: string) => void;
}

/** Progress for a stream: one status line redrawn in place on a terminal ('' clears it), quiet otherwise (CI logs, pipes, files). */
export function progressWriter(stream: { readonly isTTY?: boolean; write(text: string): unknown }): (line: string) => void {
  return stream.isTTY ? (line) => void stream.write(`\r\x1b[2K${line}`) : () => undefined;
}

export const processIo: CliIo = {
  env: process.env,
  stdout: process.stdout.write.bind(process.stdout),
  stderr: process.stderr.write.bind(process.stderr),
  progress: progressWriter(process.stderr),
};
