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
