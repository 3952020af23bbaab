import { SpecError } from './openapi/spec-error.js';
import type { ErrorCode } from './generated/types.js';
import type { ApiDescription } from './openapi/describe.js';

/**
 * The one error registry. Each kind has the HTTP status the fake answers with; the vendor code for that status
 * is read from the spec's response schema (its `code` const), so the two cannot disagree.
 */
export const ERROR_STATUS = {
  invalidParameter: 400,
  noAccessPermission: 401,
  dataLimitExceeded: 403,
  resourceNotFound: 404,
  methodNotAllowed: 405,
  requestTimeout: 408,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  headersTooLarge: 431,
  accessFrequencyLimitExceeded: 429,
  serviceError: 500,
} as const;

export type ErrorKind = keyof typeof ERROR_STATUS;

export interface ErrorDefinition {
  readonly status: number;
  readonly code: ErrorCode;
}

export type ErrorRegistry = Readonly<Record<ErrorKind, ErrorDefinition>>;

function codeFromSpec(api: ApiDescription, status: number): ErrorCode {
  const code = api.codeForStatus(status);
  if (code === undefined) {
    throw new SpecError(`The spec gives no vendor code for HTTP ${status}: its response schema needs allOf [ErrorEnvelope, {code: {const: N}}].`);
  }
  return code as ErrorCode;
}

/** Status and vendor code of every error kind, checked against the spec once at start-up. */
export function createErrorRegistry(api: ApiDescription): ErrorRegistry {
  const entries = Object.entries(ERROR_STATUS).map(([kind, status]) => [kind, { status, code: codeFromSpec(api, status) }]);
  return Object.fromEntries(entries) as Record<ErrorKind, ErrorDefinition>;
}

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
  timestampOutsideWindow: (windowS: number, now: string) =>
    `Query parameter timestamp is not within ${windowS} s of the server's clock (${now}): sign the request with the current Unix time in seconds.`,
  accessTokenNotAccepted: () => 'Query parameter access_token is not accepted by this server: use one of the tokens it was started with (--token).',
  wrongScheme: (scheme: string) =>
    `Authorization scheme must be Bearer: got "${scheme.slice(0, 20)}". Send "Authorization: Bearer <api key>".`,
  emptyToken: () => 'Bearer token is empty: send "Authorization: Bearer <api key>".',
  malformedToken: () => 'Bearer token is malformed: it may only contain letters, digits and -._~+/= characters.',
  tokenNotAccepted: () => 'Bearer token is not accepted by this server: use one of the tokens it was started with (--token).',
  invalidJson: (detail: string) =>
    `Request body is not valid JSON: ${detail}. Send a JSON object: no comments, no trailing commas.`,
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
  busyBuilding: (waiting: number) =>
    `Access frequency limit exceeded: ${waiting} requests for data not made yet (other seeds or periods) are already waiting. Retry after 1 second(s).`,
  tooManyNewSeeds: (burst: number, perSecond: number, seconds: number) =>
    `Access frequency limit exceeded: seeds not made yet (Prefer: seed=N) are made ${burst} at once, then ${perSecond} per second, for all clients together. Retry after ${seconds} second(s), or reuse a seed.`,
  dataLimitExceeded: () =>
    'Data limit exceeded: this token has used its quota of calls. Wait for the quota to renew or upgrade the plan.',
  serviceError: () => 'Service error: the ranking could not be computed. Retry later; the request itself was valid.',
  forcedParameterError: () => 'Parameter error: no member was checked.',
  forcedNotFound: () => 'Resource not found.',
  forcedNoAccess: () => 'No access permission: the token was not checked.',
  forced: (message: string, code: number) => `${message} Forced by "Prefer: code=${code}".`,
} as const;

/** The kind a vendor code is forced as: the first kind in the registry with that code (10001 -> 400, 20001 -> 404). */
export function kindForCode(errors: ErrorRegistry, code: number): ErrorKind | undefined {
  return (Object.keys(ERROR_STATUS) as ErrorKind[]).find((kind) => errors[kind].code === code);
}

/** The message a forced error carries: the kind's usual words, marked as forced. */
export function forcedErrorMessage(kind: ErrorKind, code: number, retryAfterSeconds: number): string {
  const words: Record<ErrorKind, string> = {
    invalidParameter: errorMessages.forcedParameterError(),
    payloadTooLarge: errorMessages.forcedParameterError(),
    requestTimeout: errorMessages.forcedParameterError(),
    headersTooLarge: errorMessages.forcedParameterError(),
    unsupportedMediaType: errorMessages.forcedParameterError(),
    methodNotAllowed: errorMessages.forcedNotFound(),
    resourceNotFound: errorMessages.forcedNotFound(),
    noAccessPermission: errorMessages.forcedNoAccess(),
    dataLimitExceeded: errorMessages.dataLimitExceeded(),
    accessFrequencyLimitExceeded: errorMessages.accessFrequencyLimitExceeded(retryAfterSeconds),
    serviceError: errorMessages.serviceError(),
  };
  return errorMessages.forced(words[kind], code);
}
