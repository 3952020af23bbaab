import type { SpecInput } from '../openapi/describe.js';
import { urlSecrets } from '../url-credentials.js';
import type { BaselineFile } from './baseline.js';
import type { FailOn } from './findings.js';

/** Where the suite sends its requests. */
export interface ContractTarget {
  /**
   * e.g. https://openapi.fastmoss.com; the spec's endpoint path is appended. A query it carries (the vendor guide's
   * signed parameters client_id, access_token, timestamp, sign) is sent with every request that carries credentials,
   * and is redacted wherever a request is shown.
   */
  readonly baseUrl: string;
  /** The API key. Only ever put into the Authorization header; scrubbed from everything written or thrown. */
  readonly token?: string;
}

/** Every secret a target carries (the key, and the secret values of its URL's query), for scrubbing. */
export function targetSecrets(target: ContractTarget): string[] {
  return [...(target.token === undefined ? [] : [target.token]), ...urlSecrets(target.baseUrl)];
}

export interface SuiteOptions {
  readonly target: ContractTarget;
  /** The spec to judge against: a file's path or a parsed document. Default: the kit's own. */
  readonly spec?: SpecInput;
  /** Most requests to send. Default: unlimited for a loopback target, 40 otherwise. */
  readonly budget?: number;
  /** Pause between requests. Default: 0 for a loopback target, 500 ms otherwise. */
  readonly paceMs?: number;
  /**
   * Longest the whole run may take, each request and back-off wait included: a request waits at most until then, a
   * back-off that would end later is not waited, and the run stops there with its report written. Default 300.
   */
  readonly timeoutS?: number;
  /**
   * Largest answer body read from the target, in bytes after content-encoding is undone (a gzip bomb counts as what it
   * inflates to). An answer past it is not read further and is a `body-too-large` finding. Default 8 MiB.
   */
  readonly maxBodyBytes?: number;
  /** Default additive: a member the spec does not describe fails the run, since the spec is then out of date. */
  readonly failOn?: FailOn;
  /**
   * The fewest cases that must be judged (passed or failed) for a verdict; a run that judges fewer is inconclusive
   * (exit code 1), never "the spec holds". Default: one judged case of each kind (category) the budget paid for.
   */
  readonly minJudged?: number;
  /** Directory for drift.json and drift.md; undefined writes no files. */
  readonly reportDir?: string;
  /**
   * Accepted findings: a baseline file's path, or its content (see baseline.ts). A finding it lists is reported as
   * accepted and does not fail the run; an entry no longer seen is reported resolved. A missing or malformed file is a
   * ContractSetupError.
   */
  readonly baseline?: string | BaselineFile;
  /** Writes a baseline of this run's breaking and additive findings to this path (reasons already given are kept). */
  readonly writeBaseline?: string;
  /**
   * A state file (created when missing): remembers, per target, when each case last ran, so that a budget too small
   * for every case spends itself on the least recently checked ones and successive runs check them all. Written back
   * after the run, also when it stopped early; only cases that ran to their end are marked checked.
   */
  readonly state?: string;
  /** The target's name in the state file. Default: its URL without credentials; the in-process fake is `in-process fake`. */
  readonly stateKey?: string;
  /** Receives the TAP stream, piece by piece (scrubbed). Default: discarded. */
  readonly output?: (text: string) => void;
  /** After each case: how many of the planned cases are done, and the case's name (for a progress line). */
  readonly progress?: (done: number, total: number, name: string) => void;
  /** Label for the target in the report, e.g. "in-process fake". */
  readonly targetLabel?: string;
  /** Test seams. */
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
}

export const REMOTE_BUDGET = 40;
export const REMOTE_PACE_MS = 500;
export const DEFAULT_TIMEOUT_S = 300;

/** A target on this machine: no cost per request, no rate limit worth pacing for. */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The options a run needs, each given or defaulted. */
export function resolveSuiteOptions(options: SuiteOptions): { budget: number; paceMs: number; timeoutS: number; failOn: FailOn } {
  const local = isLoopback(options.target.baseUrl);
  return {
    budget: options.budget ?? (local ? Number.POSITIVE_INFINITY : REMOTE_BUDGET),
    paceMs: options.paceMs ?? (local ? 0 : REMOTE_PACE_MS),
    timeoutS: options.timeoutS ?? DEFAULT_TIMEOUT_S,
    failOn: options.failOn ?? 'additive',
  };
}
