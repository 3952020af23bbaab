import { resolveSpec, type ApiDescription } from '../openapi/describe.js';
import { buildFakeServer, type FakeServer } from '../server/build-fake-server.js';
import { connectionBytes, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_MEMORY_MB } from '../server/memory-budget.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_HEADER_SIZE, DEFAULT_SEED, parseLatency, parseRate, type RateLimit } from '../server/options.js';
import type { CliIo } from './io.js';
import type { FakeServerOptions } from '../server/options.js';
import type { SourceOptions } from './serve-sources.js';
import { listenError } from './listen-error.js';
import { DEFAULT_MAX_BODY_MB, envValue, instantFlag, integerFlag, parseFlags } from './parse-flags.js';
import { UsageError } from './usage-error.js';
import { DATA_MODES, DEFAULT_DATA_MODES, isDataMode, isOptionalMode, OPTIONAL_MODES } from '../data/data-modes.js';
import { logLine } from '../text-escape.js';

export const SERVE_HELP = `Usage: fastmoss-kit serve [options]

Starts the fake FastMoss server: POST /creator/v1/rank/topPotential, no API key needed.

Options (flags win over environment variables; PORT and HOST belong to your app and are not read):
  --port N        port to listen on (env FAKE_PORT; default 4010; 0 picks a free one)
  --host HOST     address to bind (env FAKE_HOST; default 127.0.0.1, loopback only)
  --seed N        seed of the generated data (env FAKE_SEED; default ${DEFAULT_SEED})
  --now ISO       fixed clock, e.g. 2026-04-15T00:00:00Z (env FAKE_NOW; default real time)
  --token T       accept only this token, as a bearer token or as the signed query's access_token; repeat
                  for more (default: any well-formed token)
  --timestamp-window S
                  seconds either side of the clock a signed query's timestamp may be, or "off" to accept
                  any (default 300)
  --latency MS    delay every answer: MS, or MIN-MAX drawn from the seed (e.g. 50-300)
  --rate-limit N  at most N calls per token per second (N or N/s), minute (N/min) or hour (N/h), in
                  bursts of up to N; then 30003 with Retry-After
  --quota N       at most N successful calls per token; then 30002
  --fail-rate P   answer this share of valid calls (0 to 1) with 40001, drawn from the seed
  --optional MODE which optional item fields answers carry: ${OPTIONAL_MODES.join(', ')} (default ${DEFAULT_DATA_MODES.optional}:
                  each on some items, not on others, drawn from the seed); Prefer: optional=MODE per request
  --data MODE     ${DATA_MODES.join(' or ')} (default ${DEFAULT_DATA_MODES.data}); edge sends spec-legal extremes: 0s and maxima, empty
                  lists, the shortest and longest names, other scripts, emoji, ties; Prefer: data=MODE
  --max-memory MB the memory ceiling, in MB above the start-up baseline, for connections, caches and
                  per-token tables together (default ${DEFAULT_MAX_MEMORY_MB}; see the kit's
                  docs/security-and-limits.md)
  --max-connections N
                  most connections open at once; more are closed as they arrive (default ${DEFAULT_MAX_CONNECTIONS});
                  each reserves ${Math.ceil(connectionBytes(DEFAULT_BODY_LIMIT, DEFAULT_MAX_HEADER_SIZE) / 1024)} KiB of the ceiling
  --cors          allow browser apps from any origin (answers CORS preflights)
  --spec PATH     serve this OpenAPI 3.1 spec instead of the kit's own (a team's copy): validation, errors
                  and answers follow it; a change the fake cannot follow is refused, naming it
  --drift FILE    show what a contract run saw: serve the spec changed as \`contract --propose-spec\`
                  would change it for FILE's findings (a drift.json); findings the fake cannot
                  show are listed on stderr at start, each with why
  --no-docs       do not serve /docs, /openapi.json and /openapi.yaml
  --fixtures DIR  answer requests that match a recorded exchange (by canonical body) with the recorded
                  answer; generate the rest (header x-fake-source says which)
  --proxy URL     forward every request to URL with the caller's own token, validate request and answer
                  against the spec, report violations in x-spec-violations and the log
  --errors        with --proxy: replace a violating answer with a 40001 envelope that explains it
  --record DIR    with --proxy: save every proxied exchange as a fixture in DIR, numbered after the
                  highest number already there (an earlier file is never replaced)
  --max-body-mb N with --proxy: largest upstream answer read, in MiB after gzip/br/deflate are undone
                  (default ${DEFAULT_MAX_BODY_MB}); a larger one is answered with a 40001 envelope instead
  --log           log each request as JSON lines on stdout, with the answer's vendor code and source
                  (Authorization is never logged)
  -h, --help      show this help
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  now: { type: 'string' },
  token: { type: 'string', multiple: true },
  'timestamp-window': { type: 'string' },
  latency: { type: 'string' },
  'rate-limit': { type: 'string' },
  quota: { type: 'string' },
  'fail-rate': { type: 'string' },
  optional: { type: 'string' },
  data: { type: 'string' },
  'max-memory': { type: 'string' },
  'max-connections': { type: 'string' },
  cors: { type: 'boolean' },
  'no-docs': { type: 'boolean' },
  spec: { type: 'string' },
  drift: { type: 'string' },
  fixtures: { type: 'string' },
  proxy: { type: 'string' },
  errors: { type: 'boolean' },
  record: { type: 'string' },
  'max-body-mb': { type: 'string' },
  log: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface RunningServer {
  readonly app: FakeServer;
  readonly url: string;
}

/** Parses serve's flags, builds the fake and listens. Returns undefined after printing help. */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<RunningServer | undefined> {
  const flags = parseFlags(args, OPTIONS, 'serve');
  if (flags.help) {
    io.stdout(SERVE_HELP);
    return undefined;
  }
  // FAKE_PORT and FAKE_HOST, like FAKE_SEED and FAKE_NOW: PORT and HOST are the app's own settings in most CI jobs.
  const portFrom = flags.port !== undefined ? '--port' : envValue(io.env, 'FAKE_PORT') ? 'FAKE_PORT' : 'the default';
  const port = integerFlag(flags.port ?? envValue(io.env, 'FAKE_PORT'), portFrom, 4010, [0, 65_535]);
  // An empty --host is refused: what Node would bind for it is not the loopback-only default.
  if (flags.host?.trim() === '')
    throw new UsageError('--host must be an address or a name, e.g. 127.0.0.1 (0.0.0.0 for every interface): got "".');
  const hostFrom = flags.host !== undefined ? '--host' : envValue(io.env, 'FAKE_HOST') ? 'FAKE_HOST' : 'the default';
  const host = flags.host ?? envValue(io.env, 'FAKE_HOST') ?? '127.0.0.1';
  const seed = integerFlag(flags.seed ?? envValue(io.env, 'FAKE_SEED'), '--seed', DEFAULT_SEED, [0, 2 ** 31 - 1]);
  const now = instantFlag(flags.now ?? envValue(io.env, 'FAKE_NOW'), '--now');
  const api = resolveSpec(flags.spec);
  const sourced = await sourceFlags(api, flags, io);
  const app = buildFakeServer({
    spec: api.doc,
    seed,
    ...(now ? { now } : {}),
    tokens: flags.token ?? [],
    ...optionFlags(flags),
    ...(flags.quota === undefined ? {} : { quota: integerFlag(flags.quota, '--quota', 0, [0, Number.MAX_SAFE_INTEGER]) }),
    maxMemoryMb: integerFlag(flags['max-memory'], '--max-memory', DEFAULT_MAX_MEMORY_MB, [1, 1_048_576]),
    maxConnections: integerFlag(flags['max-connections'], '--max-connections', DEFAULT_MAX_CONNECTIONS, [1, 1_000_000]),
    cors: flags.cors ?? false,
    ...sourced?.options,
    ...(flags.drift === undefined ? {} : { drift: flags.drift }),
    docs: !flags['no-docs'],
    logger: flags.log ? { level: 'info', redact: { paths: ['req.headers.authorization'], censor: '<redacted>' } } : false,
  });
  const url = await app.listen({ port, host }).catch((error: unknown) => {
    throw listenError(error, { host, hostFrom, port, portFrom });
  });
  io.stdout(
    `fake FastMoss server on ${url} (seed ${seed}, clock ${now ? now.toISOString() : 'real time'}, ` +
      `${flags.token?.length ? `${flags.token.length} accepted token(s)` : 'any well-formed token'}, bearer or signed query)` +
      `${sourced ? `; ${sourced.banner}` : ''}\n`,
  );
  for (const { finding, why } of app.driftNotShown) io.stderr(`${logLine(`serve: not shown from ${flags.drift}: ${finding}: ${why}`)}\n`);
  return { app, url };
}

/**
 * serve's flags that each set fake server options from their text: the options, or undefined when the text is not
 * what the flag `takes` (a usage error says so, naming the flag). The options are checked again when the fake is built.
 */
const OPTION_FLAGS: Readonly<
  Record<string, { readonly takes: string; readonly options: (text: string) => FakeServerOptions | undefined }>
> = {
  'timestamp-window': {
    takes: 'whole seconds (e.g. 300) or "off"',
    options: (text) =>
      text === 'off'
        ? { timestampWindowS: Number.POSITIVE_INFINITY }
        : /^\d{1,9}$/.test(text)
          ? { timestampWindowS: Number(text) }
          : undefined,
  },
  latency: {
    takes: 'MS or MIN-MAX milliseconds (e.g. 250 or 50-300)',
    options: (text) => {
      const latency = parseLatency(text);
      return latency && { latency };
    },
  },
  // The option takes the flag's forms (`5`, `5/min`, `100/h`) and makes the burst of N/UNIT N calls.
  'rate-limit': {
    takes: 'calls per second, minute or hour, e.g. 5, 5/s, 5/min or 100/h',
    options: (text) => (parseRate(text) === undefined ? undefined : { rateLimit: text as RateLimit }),
  },
  'fail-rate': {
    takes: 'a number from 0 to 1',
    options: (text) => {
      const failRate = Number(text);
      return text.trim() !== '' && failRate >= 0 && failRate <= 1 ? { failRate } : undefined;
    },
  },
  optional: { takes: `one of ${OPTIONAL_MODES.join(', ')}`, options: (text) => (isOptionalMode(text) ? { optional: text } : undefined) },
  data: { takes: `one of ${DATA_MODES.join(', ')}`, options: (text) => (isDataMode(text) ? { data: text } : undefined) },
};

function optionFlags(flags: Readonly<Record<string, unknown>>): FakeServerOptions {
  let options: FakeServerOptions = {};
  for (const [flag, { takes, options: from }] of Object.entries(OPTION_FLAGS)) {
    const text = flags[flag];
    if (typeof text !== 'string') continue;
    const set = from(text);
    if (set === undefined) throw new UsageError(`--${flag} must be ${takes}: got "${text.slice(0, 40)}".`);
    options = { ...options, ...set };
  }
  return options;
}

async function sourceFlags(
  api: ApiDescription,
  flags: { fixtures?: string; proxy?: string; errors?: boolean; record?: string; 'max-body-mb'?: string },
  io: CliIo,
): Promise<SourceOptions | undefined> {
  if (flags.fixtures !== undefined && flags.proxy !== undefined)
    throw new UsageError('--fixtures and --proxy cannot be used together: replay or forward, not both.');
  if ((flags.errors || flags.record !== undefined || flags['max-body-mb'] !== undefined) && flags.proxy === undefined)
    throw new UsageError('--errors, --record and --max-body-mb only apply with --proxy URL.');
  // Replay and proxy are loaded only when asked for, so that a plain `serve` starts without them.
  if (flags.fixtures !== undefined) return (await import('./serve-sources.js')).replaySourceOptions(api, flags.fixtures, io);
  if (flags.proxy !== undefined) return (await import('./serve-sources.js')).proxySourceOptions(api, { ...flags, proxy: flags.proxy }, io);
  return undefined;
}
