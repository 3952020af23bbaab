/**
 * Credentials that travel in a URL's query (the vendor guide's signed form: client_id, access_token, timestamp,
 * sign, signature_version) and how to keep them out of anything written. Shared by the server (its log lines and
 * messages), the proxy and the contract suite, so that every URL shown anywhere is redacted the same way.
 */

export const REDACTED = '<redacted>';

/** The signed form's own parameters, redacted wherever a URL is shown, though not all of them are secrets. */
const SIGNED_QUERY_NAMES = new Set(['client_id', 'access_token', 'timestamp', 'sign', 'signature_version']);
/** Any other parameter whose name says it carries a secret. */
const SECRET_NAME = /token|secret|key|sign|passw|auth|credential/i;
/** The parameters whose values are also scrubbed wherever they occur (an upstream may echo them): not timestamp. */
const ECHOED_SECRET_NAMES = new Set(['client_id', 'access_token', 'sign']);

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** True when a query parameter of this name is never shown. */
export function isCredentialParameter(name: string): boolean {
  const plain = decoded(name);
  return SIGNED_QUERY_NAMES.has(plain) || SECRET_NAME.test(plain);
}

function splitQuery(url: string): {
  readonly head: string;
  readonly pairs: readonly [string, string | undefined][];
  readonly fragment: string;
} {
  const at = url.indexOf('?');
  if (at < 0) return { head: url, pairs: [], fragment: '' };
  const hash = url.indexOf('#', at);
  const query = url.slice(at + 1, hash < 0 ? undefined : hash);
  const pairs = query.split('&').map((part): [string, string | undefined] => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part, undefined] : [part.slice(0, eq), part.slice(eq + 1)];
  });
  return { head: url.slice(0, at), pairs, fragment: hash < 0 ? '' : url.slice(hash) };
}

/**
 * A URL or request path (`/path?client_id=a&sign=b`) with the value of every credential parameter replaced by
 * `<redacted>`; everything else is kept as written. Works on text that is not a valid URL too (it never decodes more
 * than a parameter's name), so a malformed request line is redacted as well.
 */
export function redactUrl(url: string): string {
  const { head, pairs, fragment } = splitQuery(url);
  if (pairs.length === 0) return url;
  const shown = pairs.map(([name, value]) => (value === undefined ? name : `${name}=${isCredentialParameter(name) ? REDACTED : value}`));
  return `${head}?${shown.join('&')}${fragment}`;
}

/**
 * The secret values a URL's query carries (access_token, sign, client_id and any parameter named like a secret),
 * decoded, for scrubbing wherever they might be echoed. The timestamp is not among them: it is no secret, and a number
 * that common would be scrubbed out of unrelated text.
 */
export function urlSecrets(url: string): string[] {
  const values: string[] = [];
  for (const [rawName, rawValue] of splitQuery(url).pairs) {
    const name = decoded(rawName);
    const secret = SIGNED_QUERY_NAMES.has(name) ? ECHOED_SECRET_NAMES.has(name) : SECRET_NAME.test(name);
    if (!secret || rawValue === undefined || rawValue === '') continue;
    values.push(decoded(rawValue), rawValue);
  }
  return [...new Set(values)];
}

/**
 * `name=value`. A name starts only where a run of name characters starts (the lookbehind): without it a long run not
 * followed by `=` would be matched again from each of its characters, in time quadratic in its length.
 */
const ASSIGNMENT = /(?<![\w%.~-])([\w%.~-]+)=([^&#\s"'<>\\]*)/g;

/**
 * Text with every `name=value` whose name is a credential parameter redacted, wherever it appears (a URL echoed in a
 * body, a message quoting a request line): the last line of defence for what no URL parser saw. It only ever replaces
 * the characters of a value that a URL allows, so it cannot break the JSON or TAP around them.
 */
export function redactCredentialAssignments(text: string): string {
  return text.replace(ASSIGNMENT, (whole, name: string, value: string) =>
    value === '' || value === REDACTED || !isCredentialParameter(name) ? whole : `${name}=${REDACTED}`,
  );
}

/** The path of a request target without its query or fragment. */
export function pathOf(url: string): string {
  return url.replace(/[?#].*$/s, '');
}

/** True when a URL's query carries a credential parameter (then it may stand in for a bearer key). */
export function hasUrlCredentials(url: string): boolean {
  return splitQuery(url).pairs.some(([name, value]) => value !== undefined && value !== '' && isCredentialParameter(name));
}

/**
 * The secrets an Authorization value carries, whatever its scheme, for scrubbing wherever they might be echoed: the
 * part after the first word, and the whole value when that word is no known scheme (a key sent without one, or a key
 * with spaces). A value already shown as `<scheme> <redacted>` carries none.
 */
export function authorizationSecrets(value: string): string[] {
  const whole = value.trim();
  const space = whole.search(/\s/);
  if (space < 0) return whole === '' || whole === REDACTED ? [] : [whole];
  const rest = whole.slice(space).trim();
  if (rest === REDACTED) return [];
  return knownScheme(whole.slice(0, space)) === undefined ? [whole, rest] : [rest];
}

/**
 * A request as it may be shown or written: its URL's credentials redacted and an Authorization header (any case)
 * replaced by `authorization: Bearer <redacted>`; with the values it carried (authorizationSecrets, the query's secrets),
 * for scrubbing wherever they might be echoed.
 */
export function redactRequest<R extends { readonly path: string; readonly headers?: Readonly<Record<string, string>> }>(
  request: R,
): { readonly shown: R; readonly secrets: string[] } {
  const secrets = urlSecrets(request.path);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name.toLowerCase() !== 'authorization') {
      headers[name] = value;
      continue;
    }
    secrets.push(...authorizationSecrets(value));
    headers['authorization'] = `Bearer ${REDACTED}`;
  }
  const shown = { ...request, path: redactUrl(request.path), ...(request.headers === undefined ? {} : { headers }) };
  return { shown, secrets };
}

/**
 * Authorization schemes a message may name (IANA's HTTP authentication scheme registry and a few in common use), by
 * their lower-case form. Any other first word of an Authorization value is never echoed: it may be a key sent without
 * a scheme.
 */
const KNOWN_SCHEMES = new Map(
  [
    'Basic',
    'Bearer',
    'Concealed',
    'Digest',
    'DPoP',
    'GNAP',
    'HOBA',
    'Mutual',
    'Negotiate',
    'NTLM',
    'OAuth',
    'PrivateToken',
    'SCRAM-SHA-1',
    'SCRAM-SHA-256',
    'vapid',
    'AWS4-HMAC-SHA256',
    'Token',
    'ApiKey',
  ].map((name) => [name.toLowerCase(), name]),
);

/** The registered spelling of a scheme name (any case), or undefined when the word is no known scheme. */
export function knownScheme(word: string): string | undefined {
  return KNOWN_SCHEMES.get(word.toLowerCase());
}
