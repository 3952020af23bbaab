import { createHash, timingSafeEqual } from 'node:crypto';
import { errorMessages } from '../errors.js';

/** RFC 6750 b64token. */
const TOKEN_SHAPE = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 512;

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

export type AuthVerdict = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly message: string };

/**
 * Checks an Authorization header: the token when the caller may go on, else the refusal message.
 * With `accepted` tokens, compares in constant time (digests of equal length, so the length leaks nothing).
 */
export function createAuthCheck(accepted: readonly string[] = []): (header: string | undefined) => AuthVerdict {
  const digests = accepted.map(digest);
  const refuse = (message: string): AuthVerdict => ({ ok: false, message });
  return (header) => {
    if (header === undefined || header.trim() === '') return refuse(errorMessages.missingAuthorization());
    const [scheme = '', ...rest] = header.trim().split(/\s+/);
    if (scheme.toLowerCase() !== 'bearer') return refuse(errorMessages.wrongScheme(scheme));
    const token = rest.join(' ');
    if (token === '') return refuse(errorMessages.emptyToken());
    if (rest.length > 1 || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return refuse(errorMessages.malformedToken());
    if (digests.length === 0) return { ok: true, token };
    const candidate = digest(token);
    let match = false;
    for (const known of digests) match = timingSafeEqual(candidate, known) || match;
    return match ? { ok: true, token } : refuse(errorMessages.tokenNotAccepted());
  };
}

