import { readExchanges } from '../contract/offline.js';
import { createErrorRegistry } from '../errors.js';
import { createProxySource } from '../record/proxy-source.js';
import { fileNameFor, saveExchange, violationsOf } from '../record/record-exchanges.js';
import { createReplaySource } from '../record/replay-source.js';
import type { FakeServerOptions } from '../server/options.js';
import { loadSpec } from '../openapi/load-spec.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

/** serve's flags for `--proxy URL`. */
export interface ProxyFlags {
  readonly proxy: string;
  readonly errors?: boolean;
  readonly record?: string;
}

/** The answer source for `--fixtures DIR`: recorded answers replayed. */
export async function replaySourceOptions(fixtures: string): Promise<FakeServerOptions> {
  try {
    return { source: createReplaySource(loadSpec(), await readExchanges(fixtures)) };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The answer source for `--proxy URL`: forwarded, checked against the spec, optionally recorded. */
export function proxySourceOptions(flags: ProxyFlags, io: CliIo): FakeServerOptions {
  const doc = loadSpec();
  const upstream = flags.proxy;
  if (!/^https?:\/\//.test(upstream)) throw new UsageError(`--proxy must be an http(s) URL: got "${upstream}".`);
  const recordDir = flags.record;
  let count = 0;
  return {
    source: createProxySource(doc, {
      upstream,
      errors: flags.errors ?? false,
      registry: createErrorRegistry(doc),
      log: (line) => io.stderr(`${line}\n`),
      ...(recordDir === undefined
        ? {}
        : {
            onExchange: (exchange, violations, secrets) =>
              void saveExchange(recordDir, fileNameFor(count++, exchange.request.body), exchange, violationsOf(violations), secrets),
          }),
    }),
  };
}
