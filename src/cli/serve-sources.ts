import { suiteSetup } from '../contract/spec-facts.js';
import { proxyAnswers } from '../record/proxy-source.js';
import { violationsOf } from '../record/record-exchanges.js';
import { openRecordingFolder, type RecordingFolder } from '../record/recording-folder.js';
import { readRecordings, replayAnswers, type RecordedFile } from '../record/replay-source.js';
import type { FakeServerOptions } from '../server/options.js';
import { access, constants, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApiDescription } from '../openapi/describe.js';
import { displayUrl } from '../contract/scrub.js';
import type { CliIo } from './io.js';
import { logLine } from '../text-escape.js';
import { UsageError } from './usage-error.js';
import { maxBodyFlag } from './parse-flags.js';

/** A source's options for the fake, and what serve's start-up line says about it. */
export interface SourceOptions {
  readonly options: FakeServerOptions;
  readonly banner: string;
}

/**
 * The answer source for `--fixtures DIR`: recorded answers replayed. Says how many recordings it loaded, and warns on
 * stderr about each one whose answer violates the spec (judged as `contract --offline` would); those are still served
 * as recorded, since replaying production's answers, right or wrong, is the point.
 */
export async function replaySourceOptions(api: ApiDescription, fixtures: string, io: CliIo): Promise<SourceOptions> {
  const dir = resolve(fixtures);
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory()) {
    throw new UsageError(
      `--fixtures ${fixtures}: ${dir} is not a directory. Pass --fixtures a directory of recorded exchanges (*.json), ` +
        'as written by `fastmoss-kit record --out DIR` or `fastmoss-kit serve --proxy URL --record DIR`.',
    );
  }
  let recorded: RecordedFile[];
  try {
    recorded = await readRecordings(fixtures);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { judge } = suiteSetup(api);
  for (const { file, exchange } of recorded) {
    const violations = violationsOf(judge(exchange).observations);
    if (violations.length > 0)
      io.stderr(`${logLine(`serve: recording ${file} violates the spec (served as recorded): ${violations.join('; ')}`)}\n`);
  }
  if (recorded.length === 0) io.stderr(`serve: ${dir} holds no recorded exchanges (*.json): every answer will be generated\n`);
  return { options: { source: replayAnswers(api, recorded) }, banner: `replaying ${recorded.length} recording(s) from ${dir}` };
}

/** The answer source for `--proxy URL`: forwarded, checked against the spec, optionally recorded. */
export async function proxySourceOptions(
  api: ApiDescription,
  flags: { readonly proxy: string; readonly errors?: boolean; readonly record?: string; readonly 'max-body-mb'?: string },
  io: CliIo,
): Promise<SourceOptions> {
  const upstream = flags.proxy;
  if (!/^https?:\/\//.test(upstream)) {
    throw new UsageError(
      '--proxy must be an http(s) URL such as https://openapi.fastmoss.com: the value given is not (not shown: a URL may carry credentials).',
    );
  }
  const recordDir = flags.record;
  const folder = recordDir === undefined ? undefined : await recordingFolder(recordDir);
  const source = proxyAnswers(api, {
    upstream,
    errors: flags.errors ?? false,
    ...maxBodyFlag(flags['max-body-mb']),
    log: (line) => io.stderr(`${line}\n`),
    ...(folder === undefined
      ? {}
      : {
          onExchange: (exchange, violations, secrets, requestValid) => {
            folder
              .save(exchange, violationsOf(violations), secrets, requestValid)
              .catch((error: unknown) =>
                io.stderr(
                  `proxy: failed to record an exchange into ${String(recordDir)}: ${(error as Error).message}. The answer was still passed on.\n`,
                ),
              );
          },
        }),
  });
  return {
    options: { source },
    banner: `proxying to ${displayUrl(upstream)}${recordDir === undefined ? '' : `, recording into ${resolve(recordDir)}`}`,
  };
}

/** Opens `--record DIR` (see openRecordingFolder) and makes sure it can be written before the first request depends on it. */
async function recordingFolder(dir: string): Promise<RecordingFolder> {
  try {
    const folder = await openRecordingFolder(dir);
    await access(dir, constants.W_OK);
    return folder;
  } catch (error) {
    throw new UsageError(`--record ${dir} is not a writable directory: ${(error as Error).message}. Pass a directory you can write to.`);
  }
}
