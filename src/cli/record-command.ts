import { readFile } from 'node:fs/promises';
import { DEFAULT_TIMEOUT_S, REMOTE_BUDGET, REMOTE_PACE_MS, resolveSuiteOptions, targetSecrets } from '../contract/options.js';
import { createScrub } from '../contract/scrub.js';
import { recordExchanges } from '../record/record-exchanges.js';
import { resolveSpec } from '../openapi/describe.js';
import { baseUrlFlag, DEFAULT_OFFLINE_DIR, tokenFlag } from './contract-command.js';
import { logLine } from '../text-escape.js';
import type { CliIo } from './io.js';
import { DEFAULT_MAX_BODY_MB, integerFlag, maxBodyFlag, parseFlags } from './parse-flags.js';
import { UsageError } from './usage-error.js';

export const RECORD_HELP = `Usage: fastmoss-kit record --base-url URL --token KEY [options]

Sends a list of requests to a target (production, usually) within a budget, with the contract suite's pacing and
back-off, and saves each exchange as a fixture: request body, status, response body, when. The key is scrubbed
from everything written. Each answer is validated against the spec as it is saved; violations are reported and
the file is still kept, marked with a "violations" list.

Options (flags win over environment variables):
  --base-url URL    target, e.g. https://openapi.fastmoss.com (env FASTMOSS_BASE_URL)
  --token KEY       API key (env FASTMOSS_API_KEY); sent only as "Authorization: Bearer", never written;
                    not needed when --base-url carries the signed query parameters (never written either)
  --spec PATH       judge the answers against this OpenAPI 3.1 spec instead of the kit's own
  --requests FILE   a JSON array of request bodies (default: the spec's request examples, then {})
  --out DIR         where the fixtures go (default ${DEFAULT_OFFLINE_DIR}), numbered after the highest
                    number already there: an earlier file is never replaced
  --budget N        most requests to send, retries included (default: one per request, at most ${REMOTE_BUDGET})
  --pace-ms N       pause between requests (default ${REMOTE_PACE_MS} remote, 0 loopback)
  --timeout-s N     longest the whole run may take, each request and back-off wait included (default ${DEFAULT_TIMEOUT_S})
  --max-body-mb N   largest answer read, in MiB after gzip/br/deflate are undone (default ${DEFAULT_MAX_BODY_MB});
                    a larger one is not read, not saved, and reported as an error
  -h, --help        show this help

Exit codes: 0 all answers valid, 1 some answer violates the spec (files kept) or is past --max-body-mb, 2 usage
error or target unreachable.
`;

const OPTIONS = {
  'base-url': { type: 'string' },
  token: { type: 'string' },
  requests: { type: 'string' },
  spec: { type: 'string' },
  out: { type: 'string' },
  budget: { type: 'string' },
  'pace-ms': { type: 'string' },
  'timeout-s': { type: 'string' },
  'max-body-mb': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function readRequests(path: string): Promise<unknown[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--requests ${path} could not be read as JSON: ${(error as Error).message}. Give a JSON array of request bodies.`);
  }
  if (!Array.isArray(value) || value.length === 0)
    throw new UsageError(`--requests ${path} must hold a non-empty JSON array of request bodies.`);
  return value as unknown[];
}

export async function recordCommand(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, OPTIONS, 'record');
  if (flags.help) {
    io.stdout(RECORD_HELP);
    return 0;
  }
  const rawUrl = flags['base-url'] ?? io.env['FASTMOSS_BASE_URL'];
  if (!rawUrl) throw new UsageError('record needs a target: --base-url URL or FASTMOSS_BASE_URL.');
  const baseUrl = baseUrlFlag(rawUrl);
  const credentials = tokenFlag(flags.token ?? io.env['FASTMOSS_API_KEY'], baseUrl);
  const api = resolveSpec(flags.spec);
  const requests = flags.requests === undefined ? [...api.requestExamples, {}] : await readRequests(flags.requests);
  const scrub = createScrub(targetSecrets({ baseUrl, ...credentials }));
  const outDir = flags.out ?? DEFAULT_OFFLINE_DIR;
  const paceFlag = flags['pace-ms'] === undefined ? {} : { paceMs: integerFlag(flags['pace-ms'], '--pace-ms', 0, [0, 600_000]) };
  const timeoutFlag = flags['timeout-s'] === undefined ? {} : { timeoutS: integerFlag(flags['timeout-s'], '--timeout-s', 0, [1, 86_400]) };
  const { paceMs, timeoutS } = resolveSuiteOptions({ target: { baseUrl, ...credentials }, ...paceFlag, ...timeoutFlag });
  const result = await recordExchanges(api, {
    baseUrl,
    ...credentials,
    requests,
    outDir,
    budget: integerFlag(flags.budget, '--budget', Math.min(requests.length, REMOTE_BUDGET), [1, 100_000]),
    paceMs,
    timeoutS,
    ...maxBodyFlag(flags['max-body-mb']),
    output: (line) => io.progress(logLine(scrub(line))),
  });
  io.progress('');
  const violating = result.files.filter((f) => f.violations.length > 0);
  io.stdout(
    `recorded ${result.files.length} exchange(s) into ${outDir}` +
      `${result.unsent > 0 ? `, ${result.unsent} not sent (${String(result.stopped)})` : ''}` +
      `${result.tooLarge.length > 0 ? `; ${result.tooLarge.length} answer(s) past the size limit, not saved` : ''}` +
      `${violating.length > 0 ? `; ${violating.length} violate the spec: ${violating.map((f) => f.file).join(', ')}` : result.tooLarge.length > 0 ? '' : '; all valid against the spec'}\n`,
  );
  for (const line of result.tooLarge) io.stderr(`${logLine(scrub(`record: error: ${line}`))}\n`);
  return violating.length > 0 || result.tooLarge.length > 0 ? 1 : 0;
}
