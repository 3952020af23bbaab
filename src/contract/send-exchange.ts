import { nestsDeeperThan } from '../json-depth.js';
import { KitError } from '../kit-errors.js';
import { MAX_EXCHANGE_DEPTH, type ExchangeRequest, type RecordedExchange } from './exchange.js';

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

/** Default for the largest answer read from a target, decoded: 8 MiB, far above a full page (100 items, about 120 KB). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Default longest wait for one answer, its body read whole. */
export const DEFAULT_ANSWER_TIMEOUT_MS = 30_000;

export interface SendOptions {
  /** Base URL of the target, without credentials, recorded in the exchange. */
  readonly target: string;
  /** Longest wait for one answer, its body read whole. Default DEFAULT_ANSWER_TIMEOUT_MS. */
  readonly timeoutMs?: number | undefined;
  /**
   * Largest answer body read, in bytes after content-encoding is undone (a gzip or br bomb counts as what it inflates
   * to). Past it the answer is dropped, the request aborted, and AnswerTooLarge thrown. Default DEFAULT_MAX_BODY_BYTES.
   */
  readonly maxBodyBytes?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly clock?: (() => number) | undefined;
}

/** The target did not answer: refused, unknown host, timed out. `why` says which, e.g. ECONNREFUSED. */
export class ExchangeFailed extends KitError {
  override readonly name = 'ExchangeFailed';
  readonly code = 'FMK_ERR_EXCHANGE_FAILED';
  constructor(
    readonly why: string,
    /** True when the answer did not come (or not whole) within the timeout. */
    readonly timedOut = false,
  ) {
    super(why);
  }
}

/** The target answered with a body larger than the limit (decoded): it was not read further, and the request was aborted. */
export class AnswerTooLarge extends KitError {
  override readonly name = 'AnswerTooLarge';
  readonly code = 'FMK_ERR_ANSWER_TOO_LARGE';
  constructor(
    /** The limit, in bytes. */
    readonly limitBytes: number,
    /** What the answer's status line and headers said. */
    readonly status: number,
    readonly contentEncoding: string | undefined,
    /** The request as the exchange shows it: credentials redacted. */
    readonly request: ExchangeRequest,
  ) {
    super(`the answer (HTTP ${status}) is larger than ${describeBytes(limitBytes)}`);
  }
}

/** `8 MiB`, `1.5 KiB`, `100 bytes`. */
export function describeBytes(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  const kib = bytes / 1024;
  return kib >= 1 ? `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB` : `${bytes} bytes`;
}

/**
 * Sends one request and records the exchange: the one way the suite, the recorder and the proxy talk to a target.
 * Redirects are not followed (a redirect is an answer to judge). The answer's body is read whole, within the timeout
 * and up to the size limit, counted as it is decoded (fetch undoes gzip, br and deflate; each chunk read is decoded
 * bytes), so neither a slow, endless nor compressed body can hold the caller longer or grow its memory further.
 * Throws ExchangeFailed when no whole answer came, AnswerTooLarge when it was too large.
 */
export async function sendExchange(
  request: OutgoingRequest,
  options: SendOptions,
): Promise<{ readonly exchange: RecordedExchange; readonly rawBody: string }> {
  const doFetch = options.fetch ?? fetch;
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeout = AbortSignal.timeout(Math.max(0, options.timeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS));
  const dropped = new AbortController();
  // fetch rejects, and errors the body, when its signal fires; a fetch given as a test seam may not, and the timeout
  // still ends the wait.
  const timedOut = new Promise<never>((_resolve, reject) => {
    timeout.addEventListener('abort', () => reject(timeout.reason as Error), { once: true });
  });
  timedOut.catch(() => undefined);
  let response: Response;
  let text: string;
  try {
    response = await Promise.race([
      doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: AbortSignal.any([timeout, dropped.signal]),
        redirect: 'manual',
      }),
      timedOut,
    ]);
    text = await readBody(response, limit, timedOut, request.shown);
  } catch (error) {
    if (error instanceof AnswerTooLarge) {
      dropped.abort(error);
      throw error;
    }
    if (timeout.aborted)
      throw new ExchangeFailed(`no whole answer within ${Math.ceil(options.timeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS)} ms`, true);
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
      // Deeper than any recording may be (see MAX_EXCHANGE_DEPTH), it is kept as the text it is: judging, scrubbing
      // and writing it walk it recursively, and would overflow the stack on `[[[[...]]]]`.
      parsed = nestsDeeperThan(text, MAX_EXCHANGE_DEPTH) ? { text } : { body: JSON.parse(text) as unknown };
    } catch {
      parsed = { text };
    }
  }
  return { request, response: { status: response.status, headers, ...parsed }, recorded_at: at, target };
}

/**
 * The body as text (UTF-8, as Response.text() reads it), read chunk by chunk with a running count of its decoded bytes:
 * past `limit` the reading stops, the stream is cancelled and AnswerTooLarge thrown (about `shown`), so at most `limit`
 * bytes (and one chunk) are ever held. `timedOut` rejects when the time for the answer is up.
 */
async function readBody(response: Response, limit: number, timedOut: Promise<never>, shown: ExchangeRequest): Promise<string> {
  if (response.body === null) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timedOut]);
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw new AnswerTooLarge(limit, response.status, response.headers.get('content-encoding') ?? undefined, shown);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
