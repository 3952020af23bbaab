import { REMOTE_BUDGET, REMOTE_PACE_MS, DEFAULT_TIMEOUT_S, targetSecrets } from '../contract/options.js';
import { runOffline } from '../contract/offline.js';
import { placeholderWarning } from '../contract/report.js';
import type { ContractResult } from '../contract/run-suite.js';
import { createScrub } from '../contract/scrub.js';
import { hasUrlCredentials } from '../url-credentials.js';
import { runContractSuite, type ContractOptions } from '../contract-default-target.js';
import { waitForTarget } from '../contract/wait-for-target.js';
import { parseArgs } from 'node:util';
import { writeCiOutputs, writeNoVerdictOutputs } from './ci-outputs.js';
import { logLine } from '../text-escape.js';
import type { CliIo } from './io.js';
import { DEFAULT_MAX_BODY_MB, integerValue, maxBodyFlag, parseFlags } from './parse-flags.js';
import { UsageError } from './usage-error.js';

export const DEFAULT_REPORT_DIR = 'reports';
export const DEFAULT_OFFLINE_DIR = 'fixtures/recorded';

export const CONTRACT_HELP = `Usage: fastmoss-kit contract [options]

Runs the contract suite: the spec's checks against a target, a drift report, TAP on stdout.
Default target: the kit's fake, in this process, on a free loopback port.

Options (flags win over environment variables):
  --base-url URL      target to check, e.g. https://openapi.fastmoss.com (env FASTMOSS_BASE_URL)
  --token KEY         API key for --base-url (env FASTMOSS_API_KEY); sent only as "Authorization: Bearer",
                      never printed or written; not needed when --base-url carries the signed query
                      parameters (client_id, access_token, timestamp, sign), which are redacted the same way
  --budget N          most requests to send, retries included (default ${REMOTE_BUDGET} for a remote target,
                      unlimited for a loopback one)
  --pace-ms N         pause between requests (default ${REMOTE_PACE_MS} remote, 0 loopback)
  --timeout-s N       longest the whole run may take, each request and back-off wait included (default
                      ${DEFAULT_TIMEOUT_S}); a run cut by it stops and still writes its reports
  --max-body-mb N     largest answer read from the target, in MiB after gzip/br/deflate are undone (default
                      ${DEFAULT_MAX_BODY_MB}); a larger answer is not read and is a body-too-large finding
  --fail-on LEVEL     breaking | additive (default additive: an undocumented field fails the run)
  --report-dir DIR    where drift.json and drift.md go (default ${DEFAULT_REPORT_DIR})
  --offline [DIR]     judge recorded exchanges instead, no network (default ${DEFAULT_OFFLINE_DIR})
  --spec PATH         judge against this OpenAPI 3.1 file instead of the packaged spec (a copy you
                      keep up to date); the in-process fake serves it too
  --baseline FILE     accepted findings (JSON): reported as accepted, they do not fail the run; entries
                      no longer seen are reported resolved
  --write-baseline FILE
                      write this run's breaking and additive findings as a baseline (reasons already in
                      --baseline are kept; new entries say "TODO: explain why this is accepted")
  --propose-spec FILE write a copy of the spec that judged, changed to describe this run's new findings
                      (added members, changed types, missing members, rules production did not keep),
                      each change with a Decision naming the finding; review it like any code change
  --state FILE        remember per target when each case last ran (created if missing): the budget goes
                      to the least recently checked cases, so successive runs check every case (live only)
  --min-judged N      the fewest cases that must be judged (passed or failed) for a verdict; a run that
                      judges fewer is inconclusive, exit 1 (default: one judged case of each kind the
                      budget paid for; offline: one recording of the spec's endpoint)
  --junit FILE        also write the results as JUnit XML (GitLab, Jenkins, most CI test views)
  --wait-s N          wait up to N seconds for --base-url to answer (GET <base>/healthz, no key sent,
                      never the paid endpoint) before the run, for a target still starting
  -h, --help          show this help

In GitHub Actions: with GITHUB_STEP_SUMMARY set the report is appended to the job summary, and with
GITHUB_ACTIONS=true each new breaking or additive finding is an ::error or ::warning annotation (an
accepted one a ::notice), on stderr.

Exit codes: 0 no new drift and enough judged, 1 new drift found, or inconclusive: too little judged for a
verdict (every request throttled, refused or failed, or fewer judged than --min-judged), 2 usage error,
unusable spec, baseline or state file, or target unreachable.
`;

const OPTIONS = {
  'base-url': { type: 'string' },
  token: { type: 'string' },
  budget: { type: 'string' },
  'pace-ms': { type: 'string' },
  'timeout-s': { type: 'string' },
  'max-body-mb': { type: 'string' },
  'fail-on': { type: 'string' },
  'report-dir': { type: 'string' },
  offline: { type: 'string' },
  spec: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'propose-spec': { type: 'string' },
  state: { type: 'string' },
  junit: { type: 'string' },
  'min-judged': { type: 'string' },
  'wait-s': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--offline` takes an optional directory: without one (last, or before another flag) it means the default. */
function withOfflineDefault(args: readonly string[]): string[] {
  return args.flatMap((arg, index) => {
    const next = args[index + 1];
    return arg === '--offline' && (next === undefined || next.startsWith('-')) ? [`--offline=${DEFAULT_OFFLINE_DIR}`] : [arg];
  });
}

/** A flag given empty (`--budget=`) is refused, not read as 0. */
const optionalInteger = (value: string | undefined, name: string, range: [number, number]): number | undefined =>
  value === undefined ? undefined : integerValue(value, name, range);

/** `--base-url` (or FASTMOSS_BASE_URL): an absolute http(s) URL, else a usage error that quotes none of it (it may carry credentials). */
export function baseUrlFlag(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--base-url must be an absolute http(s) URL such as https://openapi.fastmoss.com.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--base-url must use http or https: got ${url.protocol.slice(0, -1)}.`);
  }
  return value;
}

/** The key for a remote target; optional when the base URL's query carries the credentials (the signed form). */
export function tokenFlag(value: string | undefined, baseUrl: string): { token?: string } {
  if (value === undefined || value === '') {
    if (hasUrlCredentials(baseUrl)) return {};
    throw new UsageError(
      '--base-url needs credentials: pass --token KEY or set FASTMOSS_API_KEY, or put the signed query parameters ' +
        '(client_id, access_token, timestamp, sign) in the URL.',
    );
  }
  if (/\s/.test(value)) throw new UsageError('The API key (--token or FASTMOSS_API_KEY) must not contain whitespace or line breaks.');
  return { token: value };
}

function pathFlag(value: string, name: string): string {
  if (value === '') throw new UsageError(`${name} needs a file path.`);
  return value;
}

/** Writes `--propose-spec FILE`, tells on stderr each finding it could not express; returns what the last line says of it. */
async function proposeFlag(file: string, spec: ContractOptions['spec'], result: ContractResult, io: CliIo): Promise<string> {
  const path = pathFlag(file, '--propose-spec');
  const { writeSpecProposal } = await import('../contract/write-proposal.js');
  const proposal = await writeSpecProposal(path, typeof spec === 'string' ? spec : undefined, result.report, result.scrub);
  for (const { finding, why } of proposal.notExpressed)
    io.stderr(`${logLine(result.scrub(`contract: not in the spec proposal: ${finding}: ${why}`))}\n`);
  for (const example of proposal.staleExamples)
    io.stderr(`${logLine(result.scrub(`contract: the spec proposal no longer fits its ${example} Update the example by hand.`))}\n`);
  return `spec proposal (${proposal.changes.length} change(s)) written to ${path}`;
}

const VERDICT_LINE: Readonly<Record<ContractResult['verdict'], string>> = {
  holds: 'the spec holds',
  drift: 'DRIFT found',
  inconclusive: 'INCONCLUSIVE, too little judged for a verdict (exit 1)',
};

/**
 * Parses contract's flags, runs the suite, prints TAP; returns the exit code (0 no drift, 1 drift). A run that ends
 * without a verdict throws (exit 2, or 3 for a bug), after telling the CI system why (writeNoVerdictOutputs).
 */
export async function contractCommand(args: readonly string[], io: CliIo): Promise<number> {
  const at = new Date();
  try {
    return await contractRun(args, io);
  } catch (error) {
    const given = leniently(args);
    const token = given.token ?? io.env['FASTMOSS_API_KEY'];
    const scrub = createScrub(
      targetSecrets({ baseUrl: given['base-url'] ?? io.env['FASTMOSS_BASE_URL'] ?? '', ...(token === undefined ? {} : { token }) }),
    );
    await writeNoVerdictOutputs(error as Error, { junit: given.junit, io, scrub, at });
    throw error;
  }
}

/** The flags a failed run's outputs need, read even from arguments the strict parser refused (an unknown flag). */
function leniently(args: readonly string[]): { junit?: string; token?: string; 'base-url'?: string } {
  const options = { junit: { type: 'string' }, token: { type: 'string' }, 'base-url': { type: 'string' } } as const;
  const { values } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true });
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

async function contractRun(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(withOfflineDefault(args), OPTIONS, 'contract');
  if (flags.help) {
    io.stdout(CONTRACT_HELP);
    return 0;
  }
  const failOn = flags['fail-on'] ?? 'additive';
  if (failOn !== 'breaking' && failOn !== 'additive') throw new UsageError(`--fail-on must be breaking or additive: got "${failOn}".`);
  const rawUrl = flags['base-url'] ?? io.env['FASTMOSS_BASE_URL'];
  const rawToken = flags.token ?? io.env['FASTMOSS_API_KEY'];
  const secrets = targetSecrets({ baseUrl: rawUrl ?? '', ...(rawToken === undefined ? {} : { token: rawToken }) });
  const scrub = createScrub(secrets);
  const budget = optionalInteger(flags.budget, '--budget', [1, 1_000_000]);
  const paceMs = optionalInteger(flags['pace-ms'], '--pace-ms', [0, 60_000]);
  const timeoutS = optionalInteger(flags['timeout-s'], '--timeout-s', [1, 86_400]);
  const maxBody = maxBodyFlag(flags['max-body-mb']);
  if (maxBody.maxBodyBytes !== undefined && flags.offline !== undefined)
    throw new UsageError('--max-body-mb applies to answers read from a target; --offline reads recordings, which hold no larger ones.');
  const reportDir = flags['report-dir'] ?? DEFAULT_REPORT_DIR;
  const minJudged = optionalInteger(flags['min-judged'], '--min-judged', [1, 1_000_000]);
  const waitS = optionalInteger(flags['wait-s'], '--wait-s', [0, 3_600]);
  if (waitS !== undefined && (flags.offline !== undefined || !rawUrl))
    throw new UsageError('--wait-s applies to a --base-url target (the in-process fake and --offline need no waiting).');
  const options: ContractOptions = {
    failOn,
    reportDir,
    output: io.stdout,
    progress: (done, total, name) => io.progress(logLine(`contract: ${done}/${total} ${name}`)),
    ...(budget === undefined ? {} : { budget }),
    ...(paceMs === undefined ? {} : { paceMs }),
    ...(timeoutS === undefined ? {} : { timeoutS }),
    ...maxBody,
    ...(minJudged === undefined ? {} : { minJudged }),
    ...(flags.spec === undefined ? {} : { spec: pathFlag(flags.spec, '--spec') }),
    ...(flags.baseline === undefined ? {} : { baseline: pathFlag(flags.baseline, '--baseline') }),
    ...(flags['write-baseline'] === undefined ? {} : { writeBaseline: pathFlag(flags['write-baseline'], '--write-baseline') }),
    ...(flags.state === undefined ? {} : { state: pathFlag(flags.state, '--state') }),
  };
  let result: ContractResult;
  if (flags.offline !== undefined) {
    result = await runOffline({ ...options, dir: flags.offline, secrets });
  } else if (rawUrl === undefined || rawUrl === '') {
    result = await runContractSuite(options);
  } else {
    const baseUrl = baseUrlFlag(rawUrl);
    const credentials = tokenFlag(rawToken, baseUrl);
    if (waitS !== undefined) await waitForTarget(baseUrl, { waitS });
    result = await runContractSuite({ ...options, target: { baseUrl, ...credentials } });
  }
  io.progress('');
  const ciFiles = await writeCiOutputs(result.report, { junit: flags.junit, io, scrub: result.scrub });
  const verdict = VERDICT_LINE[result.verdict];
  const proposed = flags['propose-spec'] === undefined ? undefined : await proposeFlag(flags['propose-spec'], options.spec, result, io);
  const written = [
    ...(options.writeBaseline === undefined ? [] : [`; baseline written to ${options.writeBaseline}`]),
    ...(proposed === undefined ? [] : [`; ${proposed}`]),
    ...(options.state === undefined ? [] : [`; state in ${options.state}`]),
  ].join('');
  io.stderr(
    scrub(
      `contract: ${verdict}; report in ${[...result.reportFiles, ...ciFiles].join(' and ')}${written} (${(result.report.duration_ms / 1000).toFixed(2)} s)\n`,
    ),
  );
  const placeholders = placeholderWarning(result.report.baseline);
  if (placeholders !== undefined) io.stderr(`${logLine(result.scrub(`contract: warning: ${placeholders}`))}\n`);
  return result.exitCode;
}
