import { REDACTED, redactCredentialAssignments } from '../url-credentials.js';

export type Scrub = (text: string) => string;

/**
 * The one scrub function: every occurrence of a secret (as is and URL-encoded) becomes `<redacted>`, and so does the
 * value of every credential parameter written `name=value` (access_token=..., sign=...). Applied to everything the
 * suite writes or throws, so a key that leaks into a message, a body or a URL is still removed.
 */
export function createScrub(secrets: readonly string[]): Scrub {
  const forms = [...new Set(secrets.filter((secret) => secret !== '').flatMap((secret) => [secret, encodeURIComponent(secret)]))];
  // Longest first, so a secret that contains another is replaced whole.
  forms.sort((a, b) => b.length - a.length);
  return (text) => redactCredentialAssignments(forms.reduce((out, form) => out.replaceAll(form, REDACTED), text));
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
