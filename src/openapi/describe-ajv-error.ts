import type { ErrorObject } from 'ajv';

/** A schema violation, said in words: which field, which rule, what to send instead. */
export interface Violation {
  /** Dotted field path (`filter.region`, `orderby[0].field`); `body` for the whole body. */
  readonly field: string;
  /** The JSON Schema keyword or the extension rule id that failed. */
  readonly rule: string;
  readonly message: string;
}

/** `/filter/date_info/value` -> `filter.date_info.value`; `/orderby/0/field` -> `orderby[0].field`. */
export function fieldPath(instancePath: string, child?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) segments.push(child);
  let out = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? 'body' : out;
}

const MAX_SHOWN = 80;

/**
 * A JSON number past the largest double (1e400) parses as Infinity, which JSON.stringify writes as null: show it as
 * what was sent, a number too large, not as null.
 */
const TOO_LARGE = '1e309 or more (past the largest number, 1.8e308)';
const TOO_SMALL = '-1e309 or less (past the smallest number, -1.8e308)';

/** Thrown where JSON.stringify would throw (a cycle, a BigInt): the value is then shown with String(). */
class NotJson extends Error {}

/**
 * The JSON text of `value` (as JSON.stringify writes it, overflowed numbers said in words), written only as far as
 * `limit` characters: the cost is bounded by the limit, not by the value's size. ajv gives each error the whole value at
 * its place (an item with 100,000 undocumented members has as many errors, each carrying the item): writing the whole
 * value for each error would make a message per error cost as much as the value, and judging quadratic.
 */
function jsonPrefix(value: unknown, limit: number): string | undefined {
  let out = '';
  const ancestors = new Set<object>();
  /** Writes one value; false when it writes nothing (undefined, a function: skipped in an object, null in a list). */
  const write = (node: unknown): boolean => {
    if (out.length > limit) return true;
    if (typeof node === 'object' && node !== null && typeof (node as { toJSON?: unknown }).toJSON === 'function')
      node = (node as { toJSON: () => unknown }).toJSON();
    switch (typeof node) {
      case 'string':
        // One character of a string writes at least one of JSON: the first limit + 1 decide the first limit written
        // (the extra one keeps a surrogate pair whole).
        out += JSON.stringify(node.length > limit + 1 ? node.slice(0, limit + 1) : node);
        return true;
      case 'number':
        out += Number.isFinite(node) ? JSON.stringify(node) : node > 0 ? TOO_LARGE : node < 0 ? TOO_SMALL : 'null';
        return true;
      case 'boolean':
        out += String(node);
        return true;
      case 'bigint':
        throw new NotJson();
      case 'object':
        break;
      default:
        return false;
    }
    if (node === null) {
      out += 'null';
      return true;
    }
    if (ancestors.has(node)) throw new NotJson();
    ancestors.add(node);
    if (Array.isArray(node)) {
      out += '[';
      for (let index = 0; index < node.length && out.length <= limit; index++) {
        if (index > 0) out += ',';
        if (!write(node[index])) out += 'null';
      }
      out += ']';
    } else {
      out += '{';
      let first = true;
      for (const key in node) {
        if (out.length > limit) break;
        if (!Object.hasOwn(node, key)) continue;
        const mark = out.length;
        out += `${first ? '' : ','}${JSON.stringify(key.length > limit + 1 ? key.slice(0, limit + 1) : key)}:`;
        if (write((node as Record<string, unknown>)[key])) first = false;
        else out = out.slice(0, mark);
      }
      out += '}';
    }
    ancestors.delete(node);
    return true;
  };
  return write(value) ? out : undefined;
}

/** A short, safe rendering of an offending value for a message: its JSON, cut after MAX_SHOWN characters. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = jsonPrefix(value, MAX_SHOWN) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const ARTICLE: Record<string, string> = { integer: 'an integer', object: 'an object', array: 'an array' };

function allowedMembers(schema: unknown): string {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  const names = Object.keys(properties ?? {});
  return names.length > 0 ? names.join(', ') : 'no members';
}

/** The member an error is about, when it names one below its place (a missing or an undocumented member). */
export const memberOf = (error: ErrorObject): unknown => {
  const params = error.params as Record<string, unknown>;
  return params['missingProperty'] ?? params['additionalProperty'] ?? params['unevaluatedProperty'];
};

/** Words for one ajv error (ajv run with `verbose: true`, so the data and parent schema are at hand). */
export function describeAjvError(error: ErrorObject): Violation {
  const at = fieldPath(error.instancePath);
  if (error.keyword !== 'required' && error.keyword !== 'additionalProperties' && error.keyword !== 'unevaluatedProperties')
    return { field: at, rule: error.keyword, message: `${at} ${valueWords(error)}` };
  const field = fieldPath(error.instancePath, String(memberOf(error)));
  const message =
    error.keyword === 'required'
      ? `${field} is required.`
      : `${field} is not allowed: ${at === 'body' ? 'the body' : at} accepts ${allowedMembers(error.parentSchema)}. Remove it or fix its spelling.`;
  return { field, rule: error.keyword, message };
}

/** What an error about a value says after the field's name. */
function valueWords(error: ErrorObject): string {
  // Written only by the messages that show the value: an object with many undocumented members has an error for each,
  // every one carrying the whole object, which those messages (additionalProperties, required) never show.
  const got = (): string => `got ${showValue(error.data)}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const expected = String(params['type'])
        .split(',')
        .map((t) => ARTICLE[t] ?? `a ${t}`)
        .join(' or ');
      return `must be ${expected}: got ${error.data === null ? 'null' : `${jsonType(error.data)} ${showValue(error.data)}`}.`;
    }
    case 'enum':
      return `must be one of ${(params['allowedValues'] as unknown[]).map((v) => (typeof v === 'string' ? v : showValue(v))).join(', ')}: ${got()}.`;
    case 'const':
      return `must be ${showValue(params['allowedValue'])}: ${got()}.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params['comparison'])} ${String(params['limit'])}: ${got()}.`;
    case 'maxItems':
    case 'minItems': {
      const count = Array.isArray(error.data) ? error.data.length : 0;
      return `must have ${error.keyword === 'maxItems' ? 'at most' : 'at least'} ${String(params['limit'])} item(s): got ${count}.`;
    }
    case 'pattern':
      return `must match the pattern ${String(params['pattern'])}: ${got()}.`;
    case 'format':
      return `must be a valid ${String(params['format'])}: ${got()}.`;
    default:
      return `${error.message ?? 'is invalid'}: ${got()}.`;
  }
}

/** The errors worth reporting: ajv adds a summary `if` error after the real one, which says nothing more. */
export function meaningfulErrors(errors: readonly ErrorObject[] | null | undefined): ErrorObject[] {
  return (errors ?? []).filter((error) => error.keyword !== 'if');
}
