import { setTimeout as delay } from 'node:timers/promises';
import { dig } from './json-value.js';
import { RunStopped, TargetUnreachableError } from './contract-errors.js';
import type { ExchangeRequest, RecordedExchange } from './exchange.js';
import { displayUrl } from './scrub.js';
import type { SpecFacts } from './spec-facts.js';
import { AnswerTooLarge, DEFAULT_ANSWER_TIMEOUT_MS, ExchangeFailed, sendExchange } from './send-exchange.js';
import { REDACTED, redactUrl } from '../url-credentials.js';

/** What a case asks the client to send. Method and path are always the spec's one endpoint. */
export interface ProbeRequest {
  /** Sent as JSON; absent: no body. */
  readonly body?: unknown;
  /**
   * `key`: the caller's credentials (`Bearer <the key>`, and the base URL's query, e.g. the signed query parameters);
   * `none`: no credentials at all; `{ value }`: this exact, non-secret Authorization header and no query.
   */
  readonly authorization: 'key' | 'none' | { readonly value: string };
  /** Query parameters of a probe that carries no credentials (made-up, never secret values), shown as sent. */
  readonly query?: Readonly<Record<string, string>>;
}

export interface HttpClientOptions {
  /** May carry a query (credentials such as the signed query parameters): sent with `key` probes only, never shown. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer` with `key` probes; absent when the base URL's query carries the credentials. */
  readonly token?: string | undefined;
  /** The endpoint, and the codes of the rate limit (back off and retry) and of the used-up quota (stop). */
  readonly facts: Pick<SpecFacts, 'method' | 'path' | 'rateLimitCode' | 'quotaCode'>;
  /** Most requests to send, retries included; Infinity for no limit. */
  readonly budget: number;
  /** Pause between the end of one request and the start of the next. */
  readonly paceMs: number;
  /**
   * Epoch milliseconds after which nothing more is sent, and by which every answer must have come: each request waits
   * at most until then, and a back-off that would end later is not waited (the run stops, RunStopped 'time').
   */
  readonly deadline: number;
  /** Retries of one request after a rate limit before the run stops. Default 3. */
  readonly maxRetries?: number;
  /** Longest wait for one answer, if the deadline is further. Default 30000. */
  readonly requestTimeoutMs?: number;
  /** Largest answer body read, decoded (see SendOptions.maxBodyBytes); past it send() throws AnswerTooLarge. */
  readonly maxBodyBytes?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly clock?: () => number;
}

export interface HttpClient {
  /**
   * Sends one probe; retries after a rate limit. Throws RunStopped when it may send no more (the time limit included,
   * reached while waiting for an answer), AnswerTooLarge for an answer past the size limit, and TargetUnreachableError.
   */
  send(probe: ProbeRequest): Promise<RecordedExchange>;
  /** Requests sent so far, retries included. */
  sent(): number;
}

/** Seconds (or an HTTP date) of a Retry-After header, as milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The only way the suite talks to a target: one endpoint, a request budget, pacing, and back-off on the rate
 * limit honouring Retry-After. The key goes into the Authorization header and nowhere else.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const clock = options.clock ?? Date.now;
  const maxRetries = options.maxRetries ?? 3;
  // User name and password of the base URL are dropped (fetch refuses them), and so is its query from what is shown:
  // it is sent with the caller's credentials only, and appears redacted in a recorded request's path.
  const shownUrl = displayUrl(options.baseUrl);
  const { method, path, rateLimitCode, quotaCode } = options.facts;
  const url = `${shownUrl.replace(/\/$/, '')}${path}`;
  const query = new URL(options.baseUrl).search;
  let sent = 0;
  let lastEnd: number | undefined;

  const wait = async (ms: number, reason: string): Promise<void> => {
    if (clock() + ms > options.deadline) {
      throw new RunStopped('time', `the time limit is reached before ${reason} (would wait ${Math.ceil(ms / 1000)} s)`);
    }
    await sleep(ms);
  };

  const once = async (probe: ProbeRequest): Promise<RecordedExchange> => {
    if (sent >= options.budget) throw new RunStopped('budget', `the budget of ${options.budget} requests is spent`);
    if (lastEnd !== undefined && options.paceMs > 0) await wait(Math.max(0, lastEnd + options.paceMs - clock()), 'the next request');
    if (clock() >= options.deadline) throw new RunStopped('time', 'the time limit is reached');
    const headers: Record<string, string> = {};
    const shown: Record<string, string> = {};
    const withKey = probe.authorization === 'key';
    if (withKey && options.token !== undefined) {
      headers['authorization'] = `Bearer ${options.token}`;
      shown['authorization'] = `Bearer ${REDACTED}`;
    } else if (typeof probe.authorization === 'object') {
      headers['authorization'] = shown['authorization'] = probe.authorization.value;
    }
    if (probe.body !== undefined) headers['content-type'] = shown['content-type'] = 'application/json';
    const sentQuery = withKey ? query : probe.query === undefined ? '' : `?${new URLSearchParams(probe.query).toString()}`;
    const request: ExchangeRequest = {
      method,
      path: redactUrl(`${path}${sentQuery}`),
      headers: shown,
      ...(probe.body === undefined ? {} : { body: probe.body }),
    };
    sent++;
    const ownLimit = options.requestTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
    const untilDeadline = options.deadline - clock();
    const cutByDeadline = untilDeadline < ownLimit;
    try {
      const { exchange } = await sendExchange(
        {
          url: `${url}${sentQuery}`,
          method,
          headers,
          ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
          shown: request,
        },
        { target: shownUrl, timeoutMs: Math.min(ownLimit, untilDeadline), maxBodyBytes: options.maxBodyBytes, fetch: doFetch, clock },
      );
      return exchange;
    } catch (error) {
      if (error instanceof AnswerTooLarge) throw error;
      if (error instanceof ExchangeFailed && error.timedOut && cutByDeadline)
        throw new RunStopped(
          'time',
          `the time limit is reached while waiting for an answer (sent with ${Math.ceil(untilDeadline / 1000)} s left)`,
        );
      throw new TargetUnreachableError(
        `Failed to reach the target at ${shownUrl}: ${(error as ExchangeFailed).why}. Make sure the server is running and --base-url is right (scheme, host, port).`,
      );
    } finally {
      lastEnd = clock();
    }
  };

  /** One attempt; after a rate limit, waits as told (or 1, 2, 4 s) and tries again, at most maxRetries times. */
  const attempt = async (probe: ProbeRequest, retry: number): Promise<RecordedExchange> => {
    const exchange = await once(probe);
    const code = dig(exchange.response.body, 'code');
    if (code === quotaCode) throw new RunStopped('quota', `the target says the quota is used up (code ${code})`);
    if (exchange.response.status !== 429 && code !== rateLimitCode) return exchange;
    if (retry >= maxRetries) throw new RunStopped('rate-limited', `the target still rate-limits after ${maxRetries} retries`);
    await wait(retryAfterMs(exchange.response.headers['retry-after'], clock()) ?? 1000 * 2 ** retry, 'the rate limit lifts');
    return attempt(probe, retry + 1);
  };

  return {
    send: (probe) => attempt(probe, 0),
    sent: () => sent,
  };
}
