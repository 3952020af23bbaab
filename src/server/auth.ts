import { createHash, timingSafeEqual } from 'node:crypto';
import { knownScheme } from '../url-credentials.js';
import { errorMessages } from '../errors.js';
import { SpecError } from '../openapi/spec-error.js';
import type { OperationSecurity } from '../openapi/security.js';

/** RFC 6750 b64token. */
const TOKEN_SHAPE = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 512;
/**
 * The signed query form's parameters as the fake checks them (the vendor guide): what each must look like, in words
 * for the refusal. The signature itself cannot be verified: the vendor's algorithm is not published.
 */
const SIGNED_QUERY = {
  client_id: { shape: /^[A-Za-z0-9\-._~]{1,128}$/, words: 'letters, digits and -._~ (at most 128 characters)' },
  access_token: { shape: TOKEN_SHAPE, words: 'letters, digits and -._~+/= (at most 512 characters)' },
  timestamp: { shape: /^\d{1,12}$/, words: 'whole Unix seconds (not milliseconds), e.g. 1776186472' },
  sign: {
    shape: /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128})$/,
    words: 'a hex digest: 32, 40, 64 or 128 hex digits',
  },
} as const;
type SignedQueryName = keyof typeof SIGNED_QUERY;
const SIGNED_QUERY_NAMES = Object.keys(SIGNED_QUERY) as SignedQueryName[];
/** Optional, in the Chinese guide only (its example: 2). */
const SIGNATURE_VERSION = { shape: /^[1-9]\d{0,2}$/, words: 'a positive integer, e.g. 2' } as const;

/** The timestamp window when none is given: 300 s either side of the server's clock (the vendor publishes none). */
export const DEFAULT_TIMESTAMP_WINDOW_S = 300;

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Who the caller is, once accepted: the key of per-caller limits (rate limit, quota). */
export interface Credential {
  readonly kind: 'bearer' | 'signed-query';
  /** `bearer <token>`, or `client <client_id>` for the signed form (an app's access tokens are refreshed; its id stays). */
  readonly key: string;
}

export type AuthVerdict = { readonly ok: true; readonly credential: Credential } | { readonly ok: false; readonly message: string };

export interface AuthRequest {
  readonly authorization: string | undefined;
  /** The parsed query string: each value a string, or a list when the parameter is repeated. */
  readonly query: unknown;
}

export interface AuthSettings {
  /** When non-empty, only these tokens are accepted, as bearer tokens and as access_token (constant-time compare). */
  readonly tokens: readonly string[];
  readonly clock: () => Date;
  /** Seconds either side of the clock a signed timestamp may be; Infinity accepts any. */
  readonly timestampWindowS: number;
  readonly security: OperationSecurity;
}

/** Accepts the ways the spec's security lists, and refuses with a message that names what is wrong, never a value. */
export function createAuthenticator(settings: AuthSettings): (request: AuthRequest) => AuthVerdict {
  const { security } = settings;
  if (security.httpScheme !== undefined && security.httpScheme !== 'bearer') {
    throw new SpecError(`The spec's http security scheme is "${security.httpScheme}": the fake checks bearer tokens only.`);
  }
  const signed = security.signedQuery;
  if (signed !== undefined && [...signed].sort().join() !== [...SIGNED_QUERY_NAMES].sort().join()) {
    throw new SpecError(
      `The spec's signed query security names ${signed.join(', ')}: the fake checks exactly ${SIGNED_QUERY_NAMES.join(', ')}.`,
    );
  }
  if (security.httpScheme === undefined && signed === undefined) {
    throw new SpecError("The spec's security lists neither a bearer scheme nor the signed query parameters: the fake checks one of them.");
  }
  const digests = settings.tokens.map(digest);
  const accepted = (token: string): boolean => {
    if (digests.length === 0) return true;
    const candidate = digest(token);
    let match = false;
    for (const known of digests) match = timingSafeEqual(candidate, known) || match;
    return match;
  };
  const refuse = (message: string): AuthVerdict => ({ ok: false, message });

  const bearer = (header: string): AuthVerdict => {
    const [scheme = '', ...rest] = header.trim().split(/\s+/);
    if (scheme.toLowerCase() !== 'bearer') return refuse(errorMessages.wrongScheme(knownScheme(scheme)));
    const token = rest.join(' ');
    if (token === '') return refuse(errorMessages.emptyToken());
    if (rest.length > 1 || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return refuse(errorMessages.malformedToken());
    return accepted(token)
      ? { ok: true, credential: { kind: 'bearer', key: `bearer ${token}` } }
      : refuse(errorMessages.tokenNotAccepted());
  };

  const signedQuery = (query: Readonly<Record<string, unknown>>): AuthVerdict => {
    const values = {} as Record<SignedQueryName, string>;
    const read = (name: string, { shape, words }: { shape: RegExp; words: string }): string | AuthVerdict => {
      const value = query[name];
      if (value === undefined) return refuse(errorMessages.queryParameterMissing(name, SIGNED_QUERY_NAMES));
      if (typeof value !== 'string') return refuse(errorMessages.queryParameterRepeated(name));
      if (value === '') return refuse(errorMessages.queryParameterEmpty(name));
      const malformed = (name === 'access_token' && value.length > MAX_TOKEN_LENGTH) || !shape.test(value);
      return malformed ? refuse(errorMessages.queryParameterMalformed(name, words)) : value;
    };
    for (const name of SIGNED_QUERY_NAMES) {
      const value = read(name, SIGNED_QUERY[name]);
      if (typeof value !== 'string') return value;
      values[name] = value;
    }
    const version = query['signature_version'] === undefined ? '' : read('signature_version', SIGNATURE_VERSION);
    if (typeof version !== 'string') return version;
    const now = settings.clock();
    const windowS = settings.timestampWindowS;
    if (Math.abs(Number(values.timestamp) - now.getTime() / 1000) > windowS) {
      // A clock set away from the current time refuses every client that signs with the current time: say how to allow it.
      const setClock = Math.abs(now.getTime() - Date.now()) > windowS * 1000;
      return refuse(errorMessages.timestampOutsideWindow(windowS, now.toISOString(), setClock));
    }
    if (!accepted(values.access_token)) return refuse(errorMessages.accessTokenNotAccepted());
    return { ok: true, credential: { kind: 'signed-query', key: `client ${values.client_id}` } };
  };

  return ({ authorization, query }) => {
    const params = (typeof query === 'object' && query !== null ? query : {}) as Readonly<Record<string, unknown>>;
    const header = authorization?.trim() ?? '';
    if (header !== '' && security.httpScheme !== undefined) return bearer(header);
    if (signed !== undefined && SIGNED_QUERY_NAMES.some((name) => params[name] !== undefined)) return signedQuery(params);
    return refuse(errorMessages.missingCredentials(security.httpScheme !== undefined, signed !== undefined));
  };
}
