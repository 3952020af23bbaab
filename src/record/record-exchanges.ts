import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunStopped } from '../contract/contract-errors.js';
import type { RecordedExchange } from '../contract/exchange.js';
import { SEVERITY, type Observation } from '../contract/findings.js';
import { createHttpClient } from '../contract/http-client.js';
import { targetSecrets } from '../contract/options.js';
import { createScrub, scrubJson } from '../contract/scrub.js';
import { suiteSetup } from '../contract/suite-setup.js';
import type { ApiDescription } from '../openapi/describe.js';

export interface RecordOptions {
  /** May carry credentials in its query (see ContractTarget). */
  readonly baseUrl: string;
  readonly token?: string;
  /** Request bodies to send, in order. */
  readonly requests: readonly unknown[];
  readonly outDir: string;
  /** Most requests to send, retries included. */
  readonly budget: number;
  readonly paceMs: number;
  readonly timeoutS: number;
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
  /** Why recording stopped early, when it did (budget, time, rate limit, quota). */
  readonly stopped?: string;
  readonly unsent: number;
}

/** A file on disk: the exchange, plus the spec violations found when it was saved (kept, marked, not dropped). */
export type SavedExchange = RecordedExchange & { readonly violations: readonly string[] };

/** The spec violations of an exchange, as lines (`$.data.total schema-type: expected string, observed number`). */
export function violationsOf(observations: readonly Observation[]): string[] {
  return observations
    .filter((o) => SEVERITY[o.kind] !== 'info')
    .map((o) => `${o.path} ${o.kind}${o.rule ? ` (${o.rule})` : ''}: expected ${o.expected}, observed ${o.observed}`);
}

/**
 * `003-us-month-2026-03.json`: the index, then what the body asks for, so a directory listing reads well. A body the
 * spec refuses ends in `invalid` (`003-invalid.json` for `{"pagesiz":10}`), never `default`, which reads as the plain
 * request.
 */
export function fileNameFor(index: number, body: unknown, valid = true): string {
  const filter = (body as { filter?: { region?: unknown; date_info?: { type?: unknown; value?: unknown } } } | undefined)?.filter;
  const parts = [filter?.region, filter?.date_info?.type, filter?.date_info?.value].filter((p): p is string => typeof p === 'string');
  if (!valid) parts.push('invalid');
  const slug =
    parts
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-') || 'default';
  return `${String(index + 1).padStart(3, '0')}-${slug}.json`;
}

/** Writes one exchange as a fixture, with everything the key could hide in scrubbed. */
export async function saveExchange(
  dir: string,
  file: string,
  exchange: RecordedExchange,
  violations: readonly string[],
  secrets: readonly string[],
): Promise<void> {
  const scrub = createScrub(secrets);
  const saved: SavedExchange = { ...exchange, violations };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, file), scrubJson(saved, scrub));
}

/**
 * Sends each request to the target within the budget, with the contract suite's pacing and back-off, and saves
 * every exchange as a fixture, validated against the spec as it is saved.
 */
export async function recordExchanges(api: ApiDescription, options: RecordOptions): Promise<RecordResult> {
  const { facts, judge } = suiteSetup(api);
  const client = createHttpClient({
    baseUrl: options.baseUrl,
    ...(options.token === undefined ? {} : { token: options.token }),
    method: facts.method,
    path: facts.path,
    budget: options.budget,
    paceMs: options.paceMs,
    deadline: Date.now() + options.timeoutS * 1000,
    rateLimitCode: facts.rateLimitCode,
    quotaCode: facts.quotaCode,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const files: RecordedFileSummary[] = [];
  const secrets = targetSecrets(options);
  const scrub = createScrub(secrets);
  for (const [index, body] of options.requests.entries()) {
    let exchange: RecordedExchange;
    try {
      exchange = await client.send({ body, authorization: 'key' });
    } catch (error) {
      if (!(error instanceof RunStopped)) throw error;
      const stopped = scrub(error.message);
      options.output?.(`record: stopped: ${stopped}; ${options.requests.length - index} request(s) not sent`);
      return { files, stopped, unsent: options.requests.length - index };
    }
    const judgement = judge(exchange);
    const violations = violationsOf(judgement.observations);
    const file = fileNameFor(index, body, judgement.requestValid);
    await saveExchange(options.outDir, file, exchange, violations, secrets);
    files.push({ file, status: exchange.response.status, violations });
    options.output?.(
      `record: ${index + 1}/${options.requests.length} ${file} HTTP ${exchange.response.status}${violations.length ? `, ${violations.length} spec violation(s), kept and marked` : ''}`,
    );
  }
  return { files, unsent: 0 };
}
