import { REDACTED, redactCredentialAssignments } from '../url-credentials.js';

export type Scrub = (text: string) => string;

/**
 * The shortest secret scrubbed by value, the last line of defence (a credential is kept out of text at its source)
 * against an upstream that echoes a key. A shorter value (`1`, `x`, `Bearer`: what people pass a fake in CI) is no
 * credential worth protecting, and replaced wherever it occurs it would corrupt every output (`ma<redacted>imum`).
 */
const MIN_SCRUBBED_SECRET_LENGTH = 8;

/**
 * The one scrub function: every occurrence of a secret of at least MIN_SCRUBBED_SECRET_LENGTH characters (as is and
 * URL-encoded) becomes `<redacted>`, and so does the value of every credential parameter written `name=value`
 * (access_token=..., sign=...). Applied to everything the suite writes or throws, so a key that leaks into a message,
 * a body or a URL is still removed. Apply it to text before escaping it for a format (XML, workflow commands), and to
 * JSON through scrubJson, never to the serialised text: `<redacted>` is no valid XML text and no JSON number.
 */
export function createScrub(secrets: readonly string[]): Scrub {
  const long = secrets.filter((secret) => secret.length >= MIN_SCRUBBED_SECRET_LENGTH);
  const forms = [...new Set(long.flatMap((secret) => [secret, encodeURIComponent(secret)]))];
  // Longest first, so a secret that contains another is replaced whole.
  forms.sort((a, b) => b.length - a.length);
  return (text) => redactCredentialAssignments(forms.reduce((out, form) => out.replaceAll(form, REDACTED), text));
}

/** A copy of a JSON value (an exchange, an observation) with every string in it, object keys included, scrubbed. */
export function scrubbedCopy<T>(value: T, scrub: Scrub): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrubbedCopy(item, scrub)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), scrubbedCopy(item as unknown, scrub)])) as T;
}

/** JSON text of a value, scrubbed string by string, so that it stays valid JSON whatever the secrets are. */
export function scrubJson(value: unknown, scrub: Scrub): string {
  return `${JSON.stringify(scrubbedCopy(value, scrub), null, 2)}\n`;
}

/** A URL for display: no user name, password, query or fragment (any of them may carry a credential). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}
