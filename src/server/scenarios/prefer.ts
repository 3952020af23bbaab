import { DATA_MODES, isDataMode, isOptionalMode, OPTIONAL_MODES, type DataMode, type OptionalMode } from '../../data/data-modes.js';

/** What a client asked for with the `Prefer` header (the convention Prism uses), e.g. `Prefer: code=30003, latency=250`. */
export interface Preferences {
  /** A vendor error code to answer with instead of the real answer. */
  readonly code?: number;
  /** Milliseconds to wait before answering. */
  readonly latency?: number;
  /** Answer with an empty ranking. */
  readonly empty?: boolean;
  /** Answer from another seed's universe. */
  readonly seed?: number;
  /** Seconds in Retry-After when code=30003 is forced. */
  readonly retryAfter?: number;
  /** Which optional item fields to send: none, all, or a seeded mix. */
  readonly optional?: OptionalMode;
  /** `edge` for spec-legal extremes, `typical` for the comfortable middle. */
  readonly data?: DataMode;
}

export type PreferVerdict = { readonly ok: true; readonly preferences: Preferences } | { readonly ok: false; readonly message: string };

export const MAX_LATENCY_MS = 60_000;
const KNOWN = ['code', 'latency', 'empty', 'seed', 'retry-after', 'optional', 'data'] as const;

const integer = (text: string, min: number, max: number): number | undefined => {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
};

/**
 * Parses Prefer headers: comma- or semicolon-separated `name=value` preferences, names case-insensitive, values
 * optionally quoted. Anything unknown or malformed is refused with a message naming it, so a typo in a test's
 * scenario never silently turns into a happy-path answer.
 */
export function parsePrefer(header: string | string[] | undefined, errorCodes: readonly number[]): PreferVerdict {
  const text = header === undefined ? '' : String(header);
  if (text.trim() === '') return { ok: true, preferences: {} };
  const preferences: { -readonly [K in keyof Preferences]: Preferences[K] } = {};
  const refuse = (why: string): PreferVerdict => ({ ok: false, message: `Prefer header: ${why}` });
  for (const part of text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^([A-Za-z-]+)\s*=\s*"?([^"]*)"?$/.exec(part);
    if (!match) return refuse(`"${part.slice(0, 40)}" is not a name=value preference. Write e.g. "Prefer: code=30003".`);
    const name = (match[1] as string).toLowerCase();
    const value = match[2] as string;
    switch (name) {
      case 'code': {
        const code = integer(value, 0, 99_999);
        if (code === undefined || (code !== 0 && !errorCodes.includes(code))) {
          return refuse(`code=${value.slice(0, 20)} is not a vendor code: use 0 or one of ${errorCodes.join(', ')}.`);
        }
        if (code !== 0) preferences.code = code;
        break;
      }
      case 'latency': {
        const latency = integer(value, 0, MAX_LATENCY_MS);
        if (latency === undefined) return refuse(`latency=${value.slice(0, 20)} must be whole milliseconds from 0 to ${MAX_LATENCY_MS}.`);
        preferences.latency = latency;
        break;
      }
      case 'empty':
        if (value !== 'true' && value !== 'false') return refuse(`empty=${value.slice(0, 20)} must be true or false.`);
        preferences.empty = value === 'true';
        break;
      case 'seed': {
        const seed = integer(value, 0, 2 ** 31 - 1);
        if (seed === undefined) return refuse(`seed=${value.slice(0, 20)} must be an integer from 0 to ${2 ** 31 - 1}.`);
        preferences.seed = seed;
        break;
      }
      case 'retry-after': {
        const seconds = integer(value, 1, 86_400);
        if (seconds === undefined) return refuse(`retry-after=${value.slice(0, 20)} must be whole seconds from 1 to 86400.`);
        preferences.retryAfter = seconds;
        break;
      }
      case 'optional':
        if (!isOptionalMode(value)) return refuse(`optional=${value.slice(0, 20)} must be one of ${OPTIONAL_MODES.join(', ')}.`);
        preferences.optional = value;
        break;
      case 'data':
        if (!isDataMode(value)) return refuse(`data=${value.slice(0, 20)} must be one of ${DATA_MODES.join(', ')}.`);
        preferences.data = value;
        break;
      default:
        return refuse(`unknown preference "${name.slice(0, 40)}": the fake understands ${KNOWN.join(', ')}.`);
    }
  }
  return { ok: true, preferences };
}
