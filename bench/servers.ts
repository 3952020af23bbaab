import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync, realpathSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ENDPOINT_PATH, PROBE_BODY, REQUEST_HEADERS } from './requests.js';

export type ServerId = 'fake' | 'prismStatic' | 'prismDynamic' | 'floor' | 'limit';
export const SERVER_IDS: readonly ServerId[] = ['fake', 'prismStatic', 'prismDynamic', 'floor', 'limit'];

export interface ServerSpec {
  readonly id: ServerId;
  readonly label: string;
  /** The command line, for the report (paths relative to the repository). */
  readonly display: string;
  readonly argv: (port: number) => readonly string[];
}

export interface ServerContext {
  readonly root: string;
  /** Bytes the limit server answers with. */
  readonly limitBodyBytes: number;
  /** The fake's answers to the mix, which the floor server sends (see floor.ts). */
  readonly floorAnswersFile: string;
}

/**
 * The fake as `npm start` runs it, without the npm wrapper: `entry` (default the built CLI) with `serve --port P` and
 * `flags`. Soak, hostile and the build's byte-for-byte test start it this way too.
 */
export function fakeServerSpec(flags: readonly string[] = [], entry: readonly string[] = ['dist/cli.js']): ServerSpec {
  return {
    id: 'fake',
    label: 'fake (this kit)',
    display: ['node', ...entry, 'serve', '--port', 'P', ...flags].join(' '),
    argv: (port) => [...entry, 'serve', '--port', String(port), ...flags],
  };
}

/** Prism's CLI entry, run with this same node binary so the pid we watch is Prism's own process. */
export function prismEntry(root: string): string {
  return realpathSync(join(root, 'node_modules/.bin/prism'));
}

export function serverSpecs(context: ServerContext): Readonly<Record<ServerId, ServerSpec>> {
  const prism = (dynamic: boolean) => (port: number) => [
    prismEntry(context.root),
    'mock',
    'spec/openapi.yaml',
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--verboseLevel',
    'error',
    ...(dynamic ? ['--dynamic'] : []),
  ];
  return {
    fake: fakeServerSpec(),
    prismStatic: {
      id: 'prismStatic',
      label: 'Prism static',
      display: 'node node_modules/.bin/prism mock spec/openapi.yaml --port P --verboseLevel error',
      argv: prism(false),
    },
    prismDynamic: {
      id: 'prismDynamic',
      label: 'Prism dynamic (-d)',
      display: 'node node_modules/.bin/prism mock spec/openapi.yaml --port P --verboseLevel error --dynamic',
      argv: prism(true),
    },
    floor: {
      id: 'floor',
      label: 'floor (bare Fastify)',
      display: 'node bench/floor-server.mjs P ANSWERS',
      argv: (port) => ['bench/floor-server.mjs', String(port), context.floorAnswersFile],
    },
    limit: {
      id: 'limit',
      label: 'limit (bare node:http)',
      display: `node bench/limit-server.mjs P ${context.limitBodyBytes}`,
      argv: (port) => ['bench/limit-server.mjs', String(port), String(context.limitBodyBytes)],
    },
  };
}

/** A port nobody listens on right now (the OS picks it; a small race with other processes is accepted). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** One POST to the endpoint on 127.0.0.1, with a fresh connection. Rejects on connection errors or after `timeoutMs`. */
export function post(port: number, body: string, timeoutMs = 5_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: ENDPOINT_PATH,
        method: 'POST',
        headers: { ...REQUEST_HEADERS, 'content-length': Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunningServer {
  readonly spec: ServerSpec;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Milliseconds from spawn to the first 200 answer to the probe. */
  readonly readyMs: number;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every server this process started and has not stopped yet (on exit, on Ctrl-C, on a crash). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

export interface StartOptions {
  readonly root: string;
  readonly logDir: string;
  /** Give up waiting for the first 200 after this long. */
  readonly readyTimeoutMs?: number;
  /** Pause between probes while the server is not up yet. */
  readonly pollIntervalMs?: number;
  /** The server's environment (default this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Spawns a server and polls it with a valid POST until the first 200. The clock starts just before spawn(), so
 * readyMs is "process spawn to first 200 answer". Polling is bounded in time (readyTimeoutMs).
 */
export async function startServer(spec: ServerSpec, options: StartOptions): Promise<RunningServer> {
  installExitHook();
  const port = await freePort();
  const logFile = join(options.logDir, `${spec.id}-${port}.log`);
  const log = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, [...spec.argv(port)], {
    cwd: options.root,
    env: options.env ?? process.env,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  const deadline = started + (options.readyTimeoutMs ?? 60_000);
  const interval = options.pollIntervalMs ?? 5;
  let lastProblem = 'no answer yet';
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const answer = await post(port, PROBE_BODY, 10_000);
      if (answer.status === 200) {
        return { spec, port, pid: child.pid as number, child, logFile, readyMs: performance.now() - started };
      }
      lastProblem = `HTTP ${answer.status}: ${answer.body.toString('utf8').slice(0, 200)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(interval);
  }
  await stopServer({ child });
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
  throw new Error(`Failed to start ${spec.label} (${spec.display}): ${lastProblem}. Its log ends with:\n${tail}`);
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`; resolves once it has exited. */
export async function stopServer(server: { readonly child: ChildProcess }, graceMs = 3_000): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
