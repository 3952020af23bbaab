import type { FastifyInstance } from 'fastify';
import { buildFakeServer } from '../server/build-fake-server.js';
import { DEFAULT_SEED } from '../server/options.js';
import type { CliIo } from './io.js';
import { instantFlag, integerFlag, parseFlags } from './parse-flags.js';

export const SERVE_HELP = `Usage: fastmoss-kit serve [options]

Starts the fake FastMoss server: POST /creator/v1/rank/topPotential, no API key needed.

Options (flags win over environment variables):
  --port N        port to listen on (env PORT; default 4010; 0 picks a free one)
  --host HOST     address to bind (env HOST; default 127.0.0.1, loopback only)
  --seed N        seed of the generated data (env FAKE_SEED; default ${DEFAULT_SEED})
  --now ISO       fixed clock, e.g. 2026-04-15T00:00:00Z (env FAKE_NOW; default real time)
  --token T       accept only this bearer token; repeat for more (default: any well-formed token)
  --log           log one line per request to stderr (Authorization is never logged)
  -h, --help      show this help
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  now: { type: 'string' },
  token: { type: 'string', multiple: true },
  log: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
}

/** Parses serve's flags, builds the fake and listens. Returns undefined after printing help. */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<RunningServer | undefined> {
  const flags = parseFlags(args, OPTIONS, 'serve');
  if (flags.help) {
    io.stdout(SERVE_HELP);
    return undefined;
  }
  const port = integerFlag(flags.port ?? io.env['PORT'], '--port', 4010, [0, 65_535]);
  const host = flags.host ?? io.env['HOST'] ?? '127.0.0.1';
  const seed = integerFlag(flags.seed ?? io.env['FAKE_SEED'], '--seed', DEFAULT_SEED, [0, 2 ** 31 - 1]);
  const now = instantFlag(flags.now ?? io.env['FAKE_NOW'], '--now');
  const app = buildFakeServer({
    seed,
    ...(now ? { now } : {}),
    tokens: flags.token ?? [],
    logger: flags.log ? { level: 'info' } : false,
  });
  const address = await app.listen({ port, host });
  const url = address.replace('[::1]', 'localhost');
  io.stdout(
    `fake FastMoss server on ${url} (seed ${seed}, clock ${now ? now.toISOString() : 'real time'}, ` +
      `${flags.token?.length ? `${flags.token.length} accepted token(s)` : 'any bearer token'})\n`,
  );
  return { app, url };
}
