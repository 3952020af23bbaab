import { createHash, timingSafeEqual } from 'node:crypto';
import { errorMessages } from '../errors.js';

/** RFC 6750 b64token. */
const TOKEN_SHAPE = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 512;

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Checks an Authorization header. Returns the refusal message, or undefined when the caller may go on.
 * With `accepted` tokens, compares in constant time (digests of equal length, so the length leaks nothing).
 */
export function createAuthCheck(accepted: readonly string[] = []): (header: string | undefined) => string | undefined {
  const digests = accepted.map(digest);
  return (header) => {
    if (header === undefined || header.trim() === '') return errorMessages.missingAuthorization();
    const [scheme = '', ...rest] = header.trim().split(/\s+/);
    if (scheme.toLowerCase() !== 'bearer') return errorMessages.wrongScheme(scheme);
    const token = rest.join(' ');
    if (token === '') return errorMessages.emptyToken();
    if (rest.length > 1 || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return errorMessages.malformedToken();
    if (digests.length === 0) return undefined;
    const candidate = digest(token);
    let match = false;
    for (const known of digests) match = timingSafeEqual(candidate, known) || match;
    return match ? undefined : errorMessages.tokenNotAccepted();
  };
}
