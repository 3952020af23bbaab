import type { RecordedExchange } from '../contract/exchange.js';
import { describeObservation, SEVERITY, type Observation } from '../contract/findings.js';
import { createHttpClient } from '../contract/http-client.js';
import { targetSecrets } from '../contract/options.js';
import { createScrub } from '../contract/scrub.js';
import { ContractSetupError, RunStopped } from '../contract/contract-errors.js';
import { AnswerTooLarge } from '../contract/send-exchange.js';
import { suiteSetup } from '../contract/spec-facts.js';
import type { ApiDescription } from '../openapi/describe.js';
import { openRecordingFolder } from './recording-folder.js';

export interface RecordOptions {
  /** May carry credentials in its query (see ContractTarget). */
  readonly baseUrl: string;
  readonly token?: string;
  /** Request bodies to send, in order. */
  readonly requests: readonly unknown[];
  /** Added to, never overwritten: see openRecordingFolder. */
  readonly outDir: string;
  /** Most requests to send, retries included. */
  readonly budget: number;
  readonly paceMs: number;
  readonly timeoutS: number;
  /** Largest answer read, decoded (see SendOptions.maxBodyBytes); a larger one is not saved. Default 8 MiB. */
  readonly maxBodyBytes?: number;
  /** One line per request, for progress. */
  readonly output?: (line: string) => void;
  readonly fetch?: typeof fetch;
}

export interface RecordedFileSummary {
  readonly file: string;
  readonly status: number;
  readonly violations: readonly string[];
}

export interface RecordResult {
  readonly files: readonly RecordedFileSummary[];
  /** One line for each answer past the size limit, not saved (the request was spent). */
  readonly tooLarge: readonly string[];
  /** Why recording stopped early, when it did (budget, time, rate limit, quota). */
  readonly stopped?: string;
  readonly unsent: number;
}

/** The spec violations of an exchange, as lines (`$.data.total schema-type: expected string, observed number`). */
export function violationsOf(observations: readonly Observation[]): string[] {
  return observations.filter((o) => SEVERITY[o.kind] !== 'info').map(describeObservation);
}

/**
 * Sends each request to the target within the budget, with the contract suite's pacing and back-off, and saves
 * every exchange as a fixture, validated against the spec as it is saved.
 */
export async function recordExchanges(api: ApiDescription, options: RecordOptions): Promise<RecordResult> {
  const { facts, judge } = suiteSetup(api);
  const client = createHttpClient({
    baseUrl: options.baseUrl,
    token: options.token,
    facts,
    budget: options.budget,
    paceMs: options.paceMs,
    deadline: Date.now() + options.timeoutS * 1000,
    maxBodyBytes: options.maxBodyBytes,
    fetch: options.fetch,
  });
  // Opened before the first request is spent on it.
  const folder = await openRecordingFolder(options.outDir).catch((error: unknown) => {
    throw new ContractSetupError(
      `Failed to open ${options.outDir} for recordings: ${(error as Error).message}. Pass --out a directory you can write to.`,
    );
  });
  const files: RecordedFileSummary[] = [];
  const tooLarge: string[] = [];
  const secrets = targetSecrets(options);
  const scrub = createScrub(secrets);
  for (const [index, body] of options.requests.entries()) {
    let exchange: RecordedExchange;
    try {
      exchange = await client.send({ body, authorization: 'key' });
    } catch (error) {
      if (error instanceof AnswerTooLarge) {
        const line = `request ${index + 1}: ${error.message}, not saved; raise --max-body-mb if it is genuine`;
        tooLarge.push(line);
        options.output?.(`record: ${index + 1}/${options.requests.length} error: ${line}`);
        continue;
      }
      if (!(error instanceof RunStopped)) throw error;
      const stopped = scrub(error.message);
      options.output?.(`record: stopped: ${stopped}; ${options.requests.length - index} request(s) not sent`);
      return { files, tooLarge, stopped, unsent: options.requests.length - index };
    }
    const judgement = judge(exchange);
    const violations = violationsOf(judgement.observations);
    const file = await folder.save(exchange, violations, secrets, judgement.requestValid);
    files.push({ file, status: exchange.response.status, violations });
    options.output?.(
      `record: ${index + 1}/${options.requests.length} ${file} HTTP ${exchange.response.status}${violations.length ? `, ${violations.length} spec violation(s), kept and marked` : ''}`,
    );
  }
  return { files, tooLarge, unsent: 0 };
}
