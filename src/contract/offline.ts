import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolveSpec } from '../openapi/describe.js';
import { ContractSetupError } from './contract-errors.js';
import { parseExchange, recordingNumber, type RecordedExchange } from './exchange.js';
import { CaseFindings } from './case-findings.js';
import { FindingSet } from './findings.js';
import type { CaseReport } from './report.js';
import { runBaseline } from './baseline.js';
import type { SuiteOptions } from './options.js';
import { finishRun, scrubbed, type ContractResult } from './run-suite.js';
import { createScrub } from './scrub.js';
import { suiteSetup } from './spec-facts.js';
import { tapCase, tapHeader } from './tap.js';
import { pathOf, redactRequest } from '../url-credentials.js';

/**
 * An offline run's options: a live run's that apply, the directory of recordings, and the secrets to scrub. A baseline
 * entry is resolved only when the recording that showed it was judged again without it (an offline run checks what its
 * recordings show, not the live cases). `state` is taken only to be refused with a reason: it rotates a live run's
 * budget, and an offline run judges every recorded exchange.
 */
export interface OfflineOptions extends Pick<
  SuiteOptions,
  'spec' | 'failOn' | 'reportDir' | 'baseline' | 'writeBaseline' | 'state' | 'output' | 'minJudged' | 'clock'
> {
  /** Directory of recorded exchanges, one JSON file each (see exchange.ts). */
  readonly dir: string;
  /** Strings to scrub from everything written or thrown (a key a fixture might carry by mistake). */
  readonly secrets?: readonly string[];
}

/** Recording file names in the order they were recorded: by their number (`1000-` after `999-`; a name without one first), then as text. */
export function compareRecordingNames(a: string, b: string): number {
  return recordingNumber(a) - recordingNumber(b) || (a < b ? -1 : 1);
}

/**
 * The recorded exchanges of a directory, in the order they were recorded (compareRecordingNames); throws ContractSetupError naming the file that is wrong. A
 * credential in a recorded request's query (an older recording, a hand-written one) is redacted as it is read, and
 * its value returned among `secrets`, so that nothing shown later can carry it.
 */
export async function readExchanges(
  dir: string,
): Promise<{ readonly file: string; readonly exchange: RecordedExchange; readonly secrets: readonly string[] }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort(compareRecordingNames);
  } catch (error) {
    throw new ContractSetupError(
      `Failed to read recorded exchanges from ${resolve(dir)}: ${(error as Error).message}. ` +
        'Record some with `fastmoss-kit record` (or `serve --proxy URL --record DIR`), or pass their directory.',
    );
  }
  return Promise.all(
    names.map(async (file) => {
      const path = join(dir, file);
      let value: unknown;
      try {
        value = JSON.parse(await readFile(path, 'utf8'));
      } catch (error) {
        throw new ContractSetupError(`Failed to read ${path}: ${(error as Error).message}. A recorded exchange is one JSON object.`);
      }
      return { file, ...readRecordedExchange(value, path) };
    }),
  );
}

/**
 * One recorded exchange, read from a parsed JSON value (a file's, or one given in code): checked (ContractSetupError
 * naming `source` and what is wrong), a credential in its request redacted, and the values redacted returned among
 * `secrets`.
 */
export function readRecordedExchange(
  value: unknown,
  source: string,
): { readonly exchange: RecordedExchange; readonly secrets: readonly string[] } {
  const exchange = parseExchange(value, source);
  const { shown, secrets } = redactRequest(exchange.request);
  return { exchange: { ...exchange, request: shown }, secrets };
}

/**
 * Offline mode: judges recorded exchanges with the same checks the live suite applies to each answer
 * (conformance, undocumented members, the spec's verdict on the request against the recorded outcome, the
 * page's semantics). Sends nothing.
 */
export async function runOffline(options: OfflineOptions): Promise<ContractResult> {
  if (options.state !== undefined) {
    throw new ContractSetupError(
      'A state file (--state) is for live runs, whose budget leaves cases out: an offline run judges every recorded exchange. Leave --state out with --offline.',
    );
  }
  const api = resolveSpec(options.spec);
  const { exchanges, accepted } = await scrubbed(createScrub(options.secrets ?? []), async () => ({
    exchanges: await readExchanges(options.dir),
    accepted: await runBaseline(options.baseline),
  }));
  const scrub = createScrub([...(options.secrets ?? []), ...exchanges.flatMap((entry) => entry.secrets)]);
  return scrubbed(scrub, async () => {
    const clock = options.clock ?? Date.now;
    const started = clock();
    const failOn = options.failOn ?? 'additive';
    const { facts, judge } = suiteSetup(api);
    const out = (text: string): void => options.output?.(scrub(text));
    out(tapHeader(resolve(options.dir), 'offline: recorded exchanges', 0));

    const findings = new FindingSet(accepted.acceptance);
    const cases: CaseReport[] = [];
    for (const { file, exchange } of exchanges) {
      const name = `offline: ${file}: ${exchange.request.method} ${exchange.request.path} answered HTTP ${exchange.response.status}`;
      const own = new CaseFindings(findings, name);
      const onEndpoint = exchange.request.method === facts.method && pathOf(exchange.request.path) === facts.path;
      if (onEndpoint) {
        for (const observation of judge(exchange).observations) own.add(observation, exchange.request);
      }
      const verdict = onEndpoint
        ? { outcome: 'passed' as const }
        : { outcome: 'inconclusive' as const, note: `not the spec's endpoint (${facts.method} ${facts.path})` };
      const report = own.report('offline', verdict, 0, failOn);
      cases.push(report);
      out(tapCase(cases.length, report));
    }
    if (cases.length === 0) {
      const report: CaseReport = {
        name: `offline: ${options.dir}`,
        category: 'offline',
        outcome: 'inconclusive',
        note: 'no recorded exchanges (*.json) to judge',
        requests: 0,
        findings: [],
      };
      cases.push(report);
      out(tapCase(1, report));
    }
    const end = { api, started, clock, failOn, findings, accepted, everything: false, scrub, options };
    return finishRun(end, {
      mode: 'offline',
      target: resolve(options.dir),
      targetLabel: 'recorded exchanges',
      requestsSent: 0,
      budget: 0,
      cases,
      skipped: [],
      kinds: ['offline'],
    });
  });
}
