import { readExchanges } from '../contract/offline.js';
import { createErrorRegistry } from '../errors.js';
import { createProxySource } from '../record/proxy-source.js';
import { fileNameFor, saveExchange, violationsOf } from '../record/record-exchanges.js';
import { createReplaySource } from '../record/replay-source.js';
import type { FakeServerOptions } from '../server/options.js';
import { mkdir, access, constants } from 'node:fs/promises';
import type { ApiDescription } from '../openapi/describe.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

/** serve's flags for `--proxy URL`. */
export interface ProxyFlags {
  readonly proxy: string;
  readonly errors?: boolean;
  readonly record?: string;
}

/** The answer source for `--fixtures DIR`: recorded answers replayed. */
export async function replaySourceOptions(api: ApiDescription, fixtures: string): Promise<FakeServerOptions> {
  try {
    return { source: createReplaySource(api, await readExchanges(fixtures)) };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The answer source for `--proxy URL`: forwarded, checked against the spec, optionally recorded. */
export async function proxySourceOptions(api: ApiDescription, flags: ProxyFlags, io: CliIo): Promise<FakeServerOptions> {
  const upstream = flags.proxy;
  if (!/^https?:\/\//.test(upstream)) throw new UsageError(`--proxy must be an http(s) URL: got "${upstream}".`);
  const recordDir = flags.record;
  if (recordDir !== undefined) await writableDir(recordDir);
  let count = 0;
  return {
    source: createProxySource(api, {
      upstream,
      errors: flags.errors ?? false,
      registry: createErrorRegistry(api),
      log: (line) => io.stderr(`${line}\n`),
      ...(recordDir === undefined
        ? {}
        : {
            onExchange: (exchange, violations, secrets) => {
              const file = fileNameFor(count++, exchange.request.body);
              saveExchange(recordDir, file, exchange, violationsOf(violations), secrets).catch((error: unknown) =>
                io.stderr(`proxy: failed to record ${file} into ${recordDir}: ${(error as Error).message}. The answer was still passed on.\n`),
              );
            },
          }),
    }),
  };
}

/** Makes sure `--record DIR` can be written before the first request depends on it. */
async function writableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`--record ${dir} is not a writable directory: ${(error as Error).message}. Pass a directory you can write to.`);
  }
}
