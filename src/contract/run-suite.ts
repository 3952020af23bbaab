import type { BaselineView, CaseContext } from './cases.js';
import { RunStopped, type StopReason } from './contract-errors.js';
import type { RecordedExchange } from './exchange.js';
import { CaseFindings } from './case-findings.js';
import { FindingSet, type FailOn, type Finding, type Observation } from './findings.js';
import { createHttpClient } from './http-client.js';
import { AnswerTooLarge, describeBytes } from './send-exchange.js';
import { resolveSpec, type ApiDescription } from '../openapi/describe.js';
import { resolveSuiteOptions, targetSecrets, type SuiteOptions } from './options.js';
import { planCases, type SkippedCase } from './planner.js';
import { buildReport, specReport, type CaseReport, type ContractReport, type ReportInput, type Verdict } from './report.js';
import { runBaseline, type RunBaseline } from './baseline.js';
import { coverageOf, lastChecked, readRunState, updateRunState, writeRunState, type RunState } from './run-state.js';
import { createScrub, displayUrl, type Scrub } from './scrub.js';
import { suiteSetup } from './spec-facts.js';
import { tapCase, tapEvidence, tapFooter, tapHeader, tapSkipped } from './tap.js';
import { writeReport } from './write-report.js';

export interface ContractResult {
  readonly report: ContractReport;
  /** The report's verdict: holds, drift, or inconclusive (too little judged). */
  readonly verdict: Verdict;
  /** True when a finding reaches the fail-on threshold. */
  readonly drift: boolean;
  /**
   * 0 when the spec holds; 1 on drift, and on a run that judged too little (it fails like drift, and says which it was).
   * Setup errors and an unreachable target are thrown instead (exit code 2).
   */
  readonly exitCode: 0 | 1;
  readonly findings: readonly Finding[];
  /** drift.json and drift.md, when a report directory was given. */
  readonly reportFiles: readonly string[];
  /** Removes every secret the run knew of (the key, the URL's and the fixtures' credentials): for anything else written from the report. */
  readonly scrub: Scrub;
}

/** Runs `fn`, and if it throws, removes every secret from the error's message and stack before passing it on. */
export async function scrubbed<T>(scrub: Scrub, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Error) {
      error.message = scrub(error.message);
      error.stack = scrub(error.stack ?? '');
    }
    throw error;
  }
}

/** How a run ended, besides its cases: what finishRun needs to report and write. */
interface RunEnd {
  readonly api: ApiDescription;
  /** Epoch milliseconds, by `clock`. */
  readonly started: number;
  readonly clock: () => number;
  readonly failOn: FailOn;
  readonly findings: FindingSet;
  readonly accepted: RunBaseline;
  /** Whether nothing the suite has was left out (see settleBaseline). */
  readonly everything: boolean;
  readonly scrub: Scrub;
  readonly options: Pick<SuiteOptions, 'reportDir' | 'output' | 'writeBaseline' | 'minJudged'>;
  /** `--state`, and the state after this run. */
  readonly state?: { readonly path: string; readonly next: RunState } | undefined;
}

/**
 * Finishes a run, live or offline: the report, its files, then the baseline and the state files when asked for, the
 * TAP footer, the verdict.
 */
export async function finishRun(
  end: RunEnd,
  input: Omit<ReportInput, 'spec' | 'startedAt' | 'durationMs' | 'failOn' | 'findings' | 'baseline' | 'minJudged'>,
): Promise<ContractResult> {
  const { options, scrub } = end;
  const findings = end.findings.list();
  const baseline = end.accepted.settle(findings, { cases: new Set(input.cases.map((c) => c.name)), everything: end.everything });
  const report = buildReport({
    ...input,
    spec: specReport(end.api),
    startedAt: new Date(end.started),
    durationMs: end.clock() - end.started,
    failOn: end.failOn,
    findings,
    ...(baseline === undefined ? {} : { baseline }),
    minJudged: options.minJudged,
  });
  const reportFiles = options.reportDir === undefined ? [] : await writeReport(options.reportDir, report, scrub);
  if (options.writeBaseline !== undefined)
    await end.accepted.write(options.writeBaseline, findings, report.baseline, report.started_at.slice(0, 10), scrub);
  if (end.state !== undefined) await writeRunState(end.state.path, end.state.next, scrub);
  const tests = input.cases.length + input.skipped.length;
  const planned = report.evidence.enough ? tests : tests + 1;
  if (!report.evidence.enough) options.output?.(scrub(tapEvidence(planned, report.evidence)));
  options.output?.(scrub(tapFooter(report, planned)));
  const { verdict } = report;
  return { report, verdict, drift: verdict === 'drift', exitCode: verdict === 'holds' ? 0 : 1, findings, reportFiles, scrub };
}

/**
 * Runs the contract suite against a target over HTTP, with nothing but the spec: plans the cases within the
 * budget, sends them, judges every answer, and reports drift. Throws TargetUnreachableError or ContractSetupError
 * (exit code 2) when there is no verdict to give; never lets the key into anything it writes or throws.
 */
export async function runSuite(options: SuiteOptions): Promise<ContractResult> {
  const scrub = createScrub(targetSecrets(options.target));
  return scrubbed(scrub, () => run(options, scrub));
}

async function run(options: SuiteOptions, scrub: Scrub): Promise<ContractResult> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const settings = resolveSuiteOptions(options);
  const api = resolveSpec(options.spec);
  const { facts, judge, cases } = suiteSetup(api);
  const target = displayUrl(options.target.baseUrl);
  const accepted = await runBaseline(options.baseline);
  const statePath = options.state;
  const state = statePath === undefined ? undefined : { path: statePath, before: await readRunState(statePath) };
  const stateKey = options.stateKey ?? target;
  const plan = planCases(cases, settings.budget, state === undefined ? undefined : lastChecked(state.before, stateKey));
  const out = (text: string): void => options.output?.(scrub(text));
  const client = createHttpClient({
    baseUrl: options.target.baseUrl,
    token: options.target.token,
    facts,
    budget: settings.budget,
    paceMs: settings.paceMs,
    deadline: started + settings.timeoutS * 1000,
    maxBodyBytes: options.maxBodyBytes,
    fetch: options.fetch,
    sleep: options.sleep,
    clock,
  });

  out(tapHeader(target, options.targetLabel, settings.budget));
  const findings = new FindingSet(accepted.acceptance);
  const reports: CaseReport[] = [];
  const skipped: SkippedCase[] = [];
  let stopped: { reason: StopReason; detail: string } | undefined;
  let baseline: BaselineView | undefined;

  for (const contractCase of plan.cases) {
    if (stopped !== undefined) {
      skipped.push({ name: contractCase.name, reason: `the run stopped: ${stopped.detail}` });
      continue;
    }
    const own = new CaseFindings(findings, contractCase.name);
    let requests = 0;
    const record = (observation: Observation, exchange: RecordedExchange): void => own.add(observation, exchange.request);
    const context: CaseContext = {
      facts,
      get baseline() {
        return baseline;
      },
      setBaseline: (view) => {
        baseline = view;
      },
      observe: record,
      async send(probe, about) {
        requests++;
        const exchange = await client.send(probe);
        const judgement = judge(exchange, about);
        for (const observation of judgement.observations) record(observation, exchange);
        return { exchange, judgement };
      },
    };
    const finish = (verdict: { readonly outcome: CaseReport['outcome']; readonly note?: string }): void => {
      const report = own.report(contractCase.category, verdict, requests, settings.failOn);
      reports.push(report);
      out(tapCase(reports.length, report));
      options.progress?.(reports.length, plan.cases.length, scrub(contractCase.name));
    };
    try {
      finish(await contractCase.run(context));
    } catch (error) {
      if (error instanceof AnswerTooLarge) {
        // An answer past the size limit is a finding of the case that asked for it, which ends there; the run goes on.
        own.add(tooLargeObservation(error), error.request);
        finish({ outcome: 'failed', note: `the answer was not read: ${error.message}` });
        continue;
      }
      if (!(error instanceof RunStopped)) throw error;
      stopped = { reason: error.reason, detail: error.message };
      skipped.push({ name: contractCase.name, reason: `the run stopped: ${error.message}` });
    }
  }
  const allSkipped = [...plan.skipped, ...skipped];
  allSkipped.forEach((skip, index) => out(tapSkipped(reports.length + index + 1, skip)));

  const caseNames = cases.map((c) => c.name);
  const after = state && {
    path: state.path,
    next: updateRunState(state.before, stateKey, caseNames, reports, new Date(started).toISOString()),
  };
  const end = { api, started, clock, failOn: settings.failOn, findings, accepted, everything: allSkipped.length === 0, scrub, options };
  return finishRun(
    { ...end, state: after },
    {
      mode: 'live',
      target,
      ...(options.targetLabel === undefined ? {} : { targetLabel: options.targetLabel }),
      requestsSent: client.sent(),
      budget: settings.budget,
      ...(stopped === undefined ? {} : { stopped }),
      ...(after === undefined ? {} : { coverage: coverageOf(after.path, after.next, stateKey, caseNames, reports.length) }),
      cases: reports,
      skipped: allSkipped,
      // The categories of the planned cases that send a request: those the run can judge, in plan order.
      kinds: [...new Set(plan.cases.filter((c) => c.cost > 0).map((c) => c.category))],
    },
  );
}

/** The finding of an answer past the size limit. */
export function tooLargeObservation(error: AnswerTooLarge): Observation {
  const encoding = error.contentEncoding === undefined ? '' : ` (content-encoding ${error.contentEncoding}, counted decoded)`;
  return {
    kind: 'body-too-large',
    path: '$',
    rule: 'bytes',
    expected: `an answer of at most ${describeBytes(error.limitBytes)} (the limit; --max-body-mb, maxBodyBytes); a full page is about 120 KB`,
    observed: `HTTP ${error.status}, a body past ${describeBytes(error.limitBytes)}${encoding}: reading stopped there and the request was aborted`,
  };
}
