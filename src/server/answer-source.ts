import type { ErrorKind, RenderedError } from '../errors.js';

/** What the fake hands another source of answers (recorded exchanges, an upstream) for one request. */
export interface SourcedRequest {
  readonly method: string;
  readonly path: string;
  /** The headers a source may forward: authorization, content-type, prefer. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received; undefined when there was none. */
  readonly rawBody: string | undefined;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
}

export interface SourcedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as is, byte for byte. */
  readonly body: string;
  /** Shown in the x-fake-source header, e.g. `recorded 003-us-month.json` or `proxy`. */
  readonly source: string;
}

/** What the fake lends a source for one request: its one error renderer (the spec's envelope, status and code). */
export interface SourceContext {
  /** An error answer for this request, e.g. a 40001 naming an upstream that did not answer. */
  readonly renderError: (kind: ErrorKind, message: string) => RenderedError;
}

/**
 * Another source of answers, consulted before the fake generates one. The fake knows nothing of where answers
 * come from; the CLI wires in replay and proxy sources.
 */
export interface AnswerSource {
  /** True when the source answers for auth, rate limits and quota itself (a proxy forwards the caller's token). */
  readonly ownsAuth: boolean;
  /** An answer, or undefined to let the fake generate one. */
  answer(request: SourcedRequest, context: SourceContext): Promise<SourcedAnswer | undefined>;
}

export const SOURCE_HEADER = 'x-fake-source';
