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
/** Marks an overflowed number in the JSON text, to be rewritten after stringify (an unlikely string to be sent). */
const OVERFLOW = 'overflow-mark-7f3e1c:';

/**
 * A JSON number past the largest double (1e400) parses as Infinity, which JSON.stringify writes as null: show it as
 * what was sent, a number too large, not as null.
 */
const overflowReplacer = (_key: string, value: unknown): unknown =>
  typeof value === 'number' && !Number.isFinite(value) ? `${OVERFLOW}${value > 0 ? '' : '-'}` : value;

/** A short, safe rendering of an offending value for a message. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value, overflowReplacer) ?? String(value);
  } catch {
    text = String(value);
  }
  text = text.replace(new RegExp(`"${OVERFLOW}(-?)"`, 'g'), (_match, sign: string) =>
    sign === '' ? '1e309 or more (past the largest number, 1.8e308)' : '-1e309 or less (past the smallest number, -1.8e308)',
  );
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

/** Words for one ajv error (ajv run with `verbose: true`, so the data and parent schema are at hand). */
export function describeAjvError(error: ErrorObject): Violation {
  const field = fieldPath(error.instancePath);
  const got = `got ${showValue(error.data)}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params['additionalProperty'] ?? params['unevaluatedProperty']);
      const where = field === 'body' ? 'the body' : field;
      return {
        field: fieldPath(error.instancePath, key),
        rule: error.keyword,
        message: `${fieldPath(error.instancePath, key)} is not allowed: ${where} accepts ${allowedMembers(error.parentSchema)}. Remove it or fix its spelling.`,
      };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      return { field: fieldPath(error.instancePath, key), rule: 'required', message: `${fieldPath(error.instancePath, key)} is required.` };
    }
    case 'type': {
      const expected = String(params['type'])
        .split(',')
        .map((t) => ARTICLE[t] ?? `a ${t}`)
        .join(' or ');
      const shown = error.data === null ? 'null' : `${jsonType(error.data)} ${showValue(error.data)}`;
      return { field, rule: 'type', message: `${field} must be ${expected}: got ${shown}.` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => (typeof v === 'string' ? v : showValue(v))).join(', ');
      return { field, rule: 'enum', message: `${field} must be one of ${allowed}: ${got}.` };
    }
    case 'const':
      return { field, rule: 'const', message: `${field} must be ${showValue(params['allowedValue'])}: ${got}.` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        field,
        rule: error.keyword,
        message: `${field} must be ${String(params['comparison'])} ${String(params['limit'])}: ${got}.`,
      };
    case 'maxItems':
    case 'minItems': {
      const bound = error.keyword === 'maxItems' ? 'at most' : 'at least';
      const count = Array.isArray(error.data) ? error.data.length : 0;
      return { field, rule: error.keyword, message: `${field} must have ${bound} ${String(params['limit'])} item(s): got ${count}.` };
    }
    case 'pattern':
      return { field, rule: 'pattern', message: `${field} must match the pattern ${String(params['pattern'])}: ${got}.` };
    case 'format':
      return { field, rule: 'format', message: `${field} must be a valid ${String(params['format'])}: ${got}.` };
    default:
      return { field, rule: error.keyword, message: `${field} ${error.message ?? 'is invalid'}: ${got}.` };
  }
}

/** The errors worth reporting: ajv adds a summary `if` error after the real one, which says nothing more. */
export function meaningfulErrors(errors: readonly ErrorObject[] | null | undefined): ErrorObject[] {
  return (errors ?? []).filter((error) => error.keyword !== 'if');
}
