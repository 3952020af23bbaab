import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from what identifies an answer (seed, request, clock), so the same request to two
 * processes with the same seed and clock gets the same id. Version nibble 8 (RFC 9562 custom), variant 10.
 */
export function derivedRequestId(...parts: readonly (string | number)[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
