import type { ErrorCode } from './generated/types.js';
import type { ApiDescription } from './openapi/describe.js';
import { SpecError } from './openapi/spec-error.js';
import { clipWords } from './clip-words.js';

/**
 * The one error registry: every error the fake answers with, and its HTTP status. The vendor code of each is read
 * from the spec's response schema for that status (its `code` const), so the two cannot disagree. The kinds a client
 * can force with `Prefer: code=N` carry the words of the forced answer; each vendor code has exactly one of them.
 */
export const ERROR_KINDS = {
  invalidParameter: { status: 400, forced: () => 'Parameter error: no member was checked.' },
  noAccessPermission: { status: 401, forced: () => 'No access permission: the token was not checked.' },
  dataLimitExceeded: { status: 403, forced: () => errorMessages.dataLimitExceeded() },
  resourceNotFound: { status: 404, forced: () => 'Resource not found.' },
  methodNotAllowed: { status: 405 },
  requestTimeout: { status: 408 },
  payloadTooLarge: { status: 413 },
  unsupportedMediaType: { status: 415 },
  accessFrequencyLimitExceeded: { status: 429, forced: (retryAfterS: number) => errorMessages.accessFrequencyLimitExceeded(retryAfterS) },
  headersTooLarge: { status: 431 },
  serviceError: { status: 500, forced: () => errorMessages.serviceError() },
} as const satisfies Readonly<Record<string, { readonly status: number; readonly forced?: (retryAfterS: number) => string }>>;

export type ErrorKind = keyof typeof ERROR_KINDS;

export type ErrorRegistry = Readonly<Record<ErrorKind, { readonly status: number; readonly code: ErrorCode }>>;

/** Status and vendor code of every error kind, checked against the spec once at start-up. */
export function createErrorRegistry(api: ApiDescription): ErrorRegistry {
  const entries = Object.entries(ERROR_KINDS).map(([kind, { status }]) => {
    const code = api.codeForStatus(status);
    if (code === undefined) {
      throw new SpecError(
        `The spec gives no vendor code for HTTP ${status}: its response schema needs allOf [ErrorEnvelope, {code: {const: N}}].`,
      );
    }
    return [kind, { status, code: code as ErrorCode }];
  });
  return Object.fromEntries(entries) as ErrorRegistry;
}

/** The identity of one answer: when it was made and its reproducible id. */
export interface AnswerIdentity {
  readonly timestamp: number;
  readonly request_id: string;
}

/** An error answer, rendered: its HTTP status and its JSON body. */
export interface RenderedError {
  readonly status: number;
  readonly body: string;
}

/** The envelope of an error as the fake makes it, and a way to reshape it (for a team's own spec); default as is. */
export type ErrorEnvelope = { readonly code: ErrorCode; readonly data: null; readonly message: string } & AnswerIdentity;
export type ShapeEnvelope = (status: number, envelope: ErrorEnvelope) => unknown;

/**
 * The one renderer of the vendor's error envelope, used by the route, the answers Node would give on its own, and the
 * proxy: the registry's status and code for the kind, the message, the answer's identity.
 */
export function createErrorRenderer(errors: ErrorRegistry, shape: ShapeEnvelope = (_status, envelope) => envelope) {
  return (kind: ErrorKind, message: string, identity: AnswerIdentity): RenderedError => {
    const { status, code } = errors[kind];
    return { status, body: JSON.stringify(shape(status, { code, data: null, message, ...identity })) };
  };
}

export type RenderError = ReturnType<typeof createErrorRenderer>;

/** Message templates: what failed, why, and what to do. None of them ever includes a token. */
export const errorMessages = {
  missingCredentials: (bearer: boolean, signedQuery: boolean) => {
    const ways = [
      ...(bearer ? ['"Authorization: Bearer <api key>"'] : []),
      ...(signedQuery ? ['the signed query parameters client_id, access_token, timestamp and sign'] : []),
    ];
    return `No credentials: send ${ways.join(', or ')}.`;
  },
  queryParameterMissing: (name: string, all: readonly string[]) =>
    `Query parameter ${name} is missing: a signed request carries ${all.join(', ')} together. Add it, or send "Authorization: Bearer <api key>" instead.`,
  queryParameterRepeated: (name: string) => `Query parameter ${name} is given more than once: send it exactly once.`,
  queryParameterEmpty: (name: string) => `Query parameter ${name} is empty: send its value.`,
  queryParameterMalformed: (name: string, shape: string) => `Query parameter ${name} is malformed: it must be ${shape}.`,
  /** `setClock`: the server's clock is not the current time (--now), so a timestamp of the current time is refused. */
  timestampOutsideWindow: (windowS: number, now: string, setClock: boolean) =>
    setClock
      ? `Query parameter timestamp is not within ${windowS} s of the server's clock (${now}), which is set (--now), not the current time: sign with that clock's Unix time in seconds, or start the server with --timestamp-window off (timestampWindowS: Infinity) to accept any timestamp.`
      : `Query parameter timestamp is not within ${windowS} s of the server's clock (${now}): sign the request with the current Unix time in seconds.`,
  accessTokenNotAccepted: () =>
    'Query parameter access_token is not accepted by this server: use one of the tokens it was started with (--token).',
  /** `knownScheme`: the registered name of the scheme found, spelt by the kit; undefined for any other word (a key, maybe). */
  wrongScheme: (knownScheme: string | undefined) =>
    `Authorization scheme must be Bearer: got ${knownScheme === undefined ? 'a value without the Bearer scheme (not shown: it may be a key)' : `the ${knownScheme} scheme`}. Send "Authorization: Bearer <api key>".`,
  emptyToken: () => 'Bearer token is empty: send "Authorization: Bearer <api key>".',
  malformedToken: () => 'Bearer token is malformed: it may only contain letters, digits and -._~+/= characters.',
  tokenNotAccepted: () => 'Bearer token is not accepted by this server: use one of the tokens it was started with (--token).',
  invalidJson: (detail: string) => `Request body is not valid JSON: ${detail}. Send a JSON object: no comments, no trailing commas.`,
  tooDeep: (limit: number) => `Request body nests deeper than ${limit} levels: send only the documented members.`,
  payloadTooLarge: (limit: number) => `Request body is too large: the limit is ${limit} bytes. Send only the documented members.`,
  unsupportedMediaType: (contentType: string | undefined) =>
    contentType === undefined
      ? 'Content-Type is missing: send the body as application/json.'
      : `Content-Type "${contentType.slice(0, 60)}" is not supported: send the body as application/json.`,
  badRequest: (detail: string) => `Request is malformed: ${detail}. Send a POST with a JSON body.`,
  requestTimeout: (limitMs: number) =>
    `Request did not arrive in time: the limit is ${limitMs} ms for headers and body. Send the whole request at once.`,
  headersTooLarge: (limit: number) => `Request headers are too large: the limit is ${limit} bytes. Send only the headers the API needs.`,
  malformedHttp: () => 'Request is not valid HTTP/1.1: the connection is closed. Send a well-formed request.',
  unsupportedExpectation: (expect: string) =>
    `Expect "${expect.slice(0, 40)}" is not supported: the connection is closed. Send no Expect header, or "Expect: 100-continue".`,
  missingHost: () => 'Host header is missing: an HTTP/1.1 request must send one. Send "Host: <server address>".',
  resourceNotFound: (method: string, url: string, endpoint: string) =>
    `Resource not found: ${method} ${url.slice(0, 120)} does not exist. The endpoint is ${endpoint}.`,
  methodNotAllowed: (method: string, path: string) => `Method ${method} is not allowed on ${path}: use POST.`,
  accessFrequencyLimitExceeded: (seconds: number) =>
    `Access frequency limit exceeded: too many calls with this token. Retry after ${seconds} second(s).`,
  busyBuilding: (waiting: number, seconds: number) =>
    `Access frequency limit exceeded: ${waiting} requests for data not made yet (other seeds or periods) are already waiting. Retry after ${seconds} second(s).`,
  tooManyNewSeeds: (burst: number, perSecond: number, seconds: number) =>
    `Access frequency limit exceeded: seeds not made yet (Prefer: seed=N) are made ${burst} at once, then ${perSecond} per second, for all clients together. Retry after ${seconds} second(s), or reuse a seed.`,
  dataLimitExceeded: () => 'Data limit exceeded: this token has used its quota of calls. Wait for the quota to renew or upgrade the plan.',
  serviceError: () => 'Service error: the ranking could not be computed. Retry later; the request itself was valid.',
  docsUnavailable: (why: string) =>
    `Service error: the docs page could not be built (${clipWords(why, 200)}). /openapi.yaml and /openapi.json still serve the spec; the next request to /docs tries again.`,
  forced: (message: string, code: number) => `${message} Forced by "Prefer: code=${code}".`,
} as const;

/** What `Prefer: code=N` forces: the one forcible kind with that code (10001 -> 400, 20001 -> 404), and its message. */
interface ForcedError {
  readonly kind: ErrorKind;
  /** The kind's usual words, marked as forced. */
  readonly message: (retryAfterS: number) => string;
}

export function forcedError(errors: ErrorRegistry, code: number): ForcedError | undefined {
  const kinds = Object.entries(ERROR_KINDS) as [ErrorKind, { readonly forced?: (retryAfterS: number) => string }][];
  for (const [kind, { forced }] of kinds) {
    if (forced !== undefined && errors[kind].code === code)
      return { kind, message: (retryAfterS) => errorMessages.forced(forced(retryAfterS), code) };
  }
  return undefined;
}
