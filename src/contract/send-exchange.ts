import type { ExchangeRequest, RecordedExchange } from './exchange.js';

/** One request to a target: what is sent (credentials included) and what the exchange records of it (none). */
export interface OutgoingRequest {
  /** The whole URL fetched; its query may carry credentials. */
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as is; absent: no body. */
  readonly body?: string;
  /** The request as the exchange shows it: credentials redacted. */
  readonly shown: ExchangeRequest;
}

export interface SendOptions {
  /** Base URL of the target, without credentials, recorded in the exchange. */
  readonly target: string;
  /** Longest wait for one answer. Default 30000. */
  readonly timeoutMs?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly clock?: (() => number) | undefined;
}

/** The target did not answer: refused, unknown host, timed out. `why` says which, e.g. ECONNREFUSED. */
export class ExchangeFailed extends Error {
  override readonly name = 'ExchangeFailed';
  constructor(readonly why: string) {
    super(why);
  }
}

/**
 * Sends one request and records the exchange: the one way the suite, the recorder and the proxy talk to a target.
 * Redirects are not followed (a redirect is an answer to judge), and the answer's body is read whole.
 */
export async function sendExchange(
  request: OutgoingRequest,
  options: SendOptions,
): Promise<{ readonly exchange: RecordedExchange; readonly rawBody: string }> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ExchangeFailed(cause?.code ?? cause?.message ?? (error as Error).message);
  }
  return {
    exchange: toExchange(request.shown, response, text, new Date((options.clock ?? Date.now)()).toISOString(), options.target),
    rawBody: text,
  };
}

/** A fetch answer as a recorded exchange: the headers the checks read, the body parsed when it is JSON. */
export function toExchange(request: ExchangeRequest, response: Response, text: string, at: string, target: string): RecordedExchange {
  const headers: { 'content-type'?: string; 'retry-after'?: string } = {};
  const contentType = response.headers.get('content-type');
  const retryAfter = response.headers.get('retry-after');
  if (contentType !== null) headers['content-type'] = contentType;
  if (retryAfter !== null) headers['retry-after'] = retryAfter;
  let parsed: { body: unknown } | { text: string } | undefined;
  if (text !== '') {
    try {
      parsed = { body: JSON.parse(text) as unknown };
    } catch {
      parsed = { text };
    }
  }
  return { request, response: { status: response.status, headers, ...parsed }, recorded_at: at, target };
}
