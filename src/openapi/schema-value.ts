import { lengthBounds, randExp, repeatMinimum } from './pattern-tokens.js';
import { mainType, viewOf, type Resolve } from './schema-view.js';

/** Uniform draws in [0, 1), from a seeded generator: the same seed gives the same value. */
export interface Draws {
  next(): number;
}

/**
 * The most the fake generates for a member a team's spec adds: strings of at most MAX_GENERATED_LENGTH characters
 * (a pattern included), lists of at most MAX_GENERATED_ITEMS items, and a whole member of at most
 * MAX_GENERATED_SIZE characters of JSON as estimated from its schema. A schema whose values must be larger (a
 * `minLength`, `minItems` or pattern beyond the caps) is refused when the fake starts.
 */
export const MAX_GENERATED_LENGTH = 256;
export const MAX_GENERATED_ITEMS = 16;
export const MAX_GENERATED_SIZE = 64 * 1024;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const EPOCH_MS = Date.UTC(2026, 0, 1);
/** Longest repetition a pattern's `*` and `+` get: values stay short and readable. */
const PATTERN_REPEAT = 8;

const int = (draws: Draws, min: number, max: number): number => min + Math.floor(draws.next() * (max - min + 1));
const word = (draws: Draws, length: number): string => Array.from({ length }, () => LETTERS[int(draws, 0, LETTERS.length - 1)]).join('');
const hex = (draws: Draws, length: number): string => Array.from({ length }, () => int(draws, 0, 15).toString(16)).join('');

function numberIn(schema: Readonly<Record<string, unknown>>, draws: Draws, integer: boolean): number {
  const step = integer ? 1 : 0.01;
  const low =
    typeof schema['minimum'] === 'number'
      ? schema['minimum']
      : typeof schema['exclusiveMinimum'] === 'number'
        ? schema['exclusiveMinimum'] + step
        : 0;
  const high =
    typeof schema['maximum'] === 'number'
      ? schema['maximum']
      : typeof schema['exclusiveMaximum'] === 'number'
        ? schema['exclusiveMaximum'] - step
        : low + 1000;
  const multiple = typeof schema['multipleOf'] === 'number' ? schema['multipleOf'] : step;
  const steps = Math.floor((high - low) / multiple);
  const value = Math.ceil(low / multiple) * multiple + int(draws, 0, Math.max(0, steps - 1)) * multiple;
  return integer ? Math.round(value) : Math.round(value * 100) / 100;
}

function stringFor(schema: Readonly<Record<string, unknown>>, draws: Draws): string {
  const format = schema['format'];
  const at = new Date(EPOCH_MS + int(draws, 0, 364 * 86_400) * 1000).toISOString();
  switch (format) {
    case 'date-time':
      return at;
    case 'date':
      return at.slice(0, 10);
    case 'uri':
    case 'url':
    case 'uri-reference':
      return `https://example.com/${word(draws, 8)}`;
    case 'email':
      return `${word(draws, 8)}@example.com`;
    case 'hostname':
      return `${word(draws, 8)}.example.com`;
    case 'uuid': {
      const h = hex(draws, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
    }
    case 'ipv4':
      return Array.from({ length: 4 }, () => int(draws, 1, 254)).join('.');
  }
  if (typeof schema['pattern'] === 'string') {
    const pattern = randExp(schema['pattern']);
    pattern.max = PATTERN_REPEAT;
    // Random repetitions could exceed the cap (`(a{0,100}){0,100}`): the shortest match is within it (whyUngeneratable).
    if (lengthBounds(pattern.tokens, PATTERN_REPEAT).max > MAX_GENERATED_LENGTH) repeatMinimum(pattern.tokens);
    pattern.randInt = (min: number, max: number) => int(draws, min, max);
    return pattern.gen();
  }
  const min = Math.min(typeof schema['minLength'] === 'number' ? schema['minLength'] : 1, MAX_GENERATED_LENGTH);
  const max = Math.min(typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Math.max(min, 12), MAX_GENERATED_LENGTH);
  return word(draws, int(draws, Math.max(min, Math.min(max, 6)), max));
}

/** How many items a generated list has: two, or what its bounds allow nearest to two, never more than the cap. */
function itemCount(schema: Readonly<Record<string, unknown>>): number {
  const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Math.max(min, 2);
  return Math.min(max, Math.max(min, 2), MAX_GENERATED_ITEMS);
}

/**
 * A value that satisfies a schema, drawn from `draws`: for a field the fake's data does not model (one a team's own
 * spec adds). Reads const, enum, type (the first besides null), format, bounds, lengths, patterns, items and
 * properties (every declared one). Check a schema with `whyUngeneratable` first.
 */
export function generateValue(schema: unknown, draws: Draws, resolve: Resolve): unknown {
  const view = viewOf(schema, resolve);
  const own = view.schema;
  if ('const' in own) return own['const'];
  if (Array.isArray(own['enum'])) return own['enum'][int(draws, 0, own['enum'].length - 1)] as unknown;
  switch (mainType(view)) {
    case 'string':
      return stringFor(own, draws);
    case 'integer':
      return numberIn(own, draws, true);
    case 'number':
      return numberIn(own, draws, false);
    case 'boolean':
      return draws.next() < 0.5;
    case 'array': {
      return Array.from({ length: itemCount(own) }, () => generateValue(view.items ?? {}, draws, resolve));
    }
    case 'object':
      return Object.fromEntries(Object.entries(view.properties).map(([name, property]) => [name, generateValue(property, draws, resolve)]));
    default:
      return null;
  }
}

/** Why no value can be drawn for a schema (a contradiction, a pattern that does not compile, a value past the caps), or undefined. */
export function whyUngeneratable(schema: unknown, resolve: Resolve): string | undefined {
  const why = whyNoValue(schema, resolve);
  if (why !== undefined) return why;
  const size = largestSize(schema, resolve);
  return size > MAX_GENERATED_SIZE
    ? `its values could take ${size} characters of JSON, more than the ${MAX_GENERATED_SIZE} the fake generates for one member`
    : undefined;
}

function whyNoValue(schema: unknown, resolve: Resolve): string | undefined {
  if (schema === false) return 'it accepts no value (false)';
  const view = viewOf(schema, resolve);
  const own = view.schema;
  if ('not' in own || 'oneOf' in own || 'anyOf' in own) return 'it uses not, oneOf or anyOf, which the fake does not generate from';
  if (Array.isArray(own['enum']) && own['enum'].length === 0) return 'its enum is empty';
  if (typeof own['minimum'] === 'number' && typeof own['maximum'] === 'number' && own['minimum'] > own['maximum'])
    return 'its minimum is above its maximum';
  if (typeof own['minLength'] === 'number' && typeof own['maxLength'] === 'number' && own['minLength'] > own['maxLength'])
    return 'its minLength is above its maxLength';
  if (typeof own['minLength'] === 'number' && own['minLength'] > MAX_GENERATED_LENGTH)
    return `its minLength ${own['minLength']} is above the ${MAX_GENERATED_LENGTH} characters the fake generates`;
  if (typeof own['minItems'] === 'number' && own['minItems'] > MAX_GENERATED_ITEMS)
    return `its minItems ${own['minItems']} is above the ${MAX_GENERATED_ITEMS} items the fake generates`;
  if (typeof own['pattern'] === 'string') {
    let shortest: number;
    try {
      shortest = lengthBounds(randExp(own['pattern']).tokens, PATTERN_REPEAT).min;
    } catch (error) {
      return `its pattern does not compile: ${(error as Error).message}`;
    }
    if (shortest > MAX_GENERATED_LENGTH)
      return `its pattern matches nothing shorter than ${shortest} characters, above the ${MAX_GENERATED_LENGTH} the fake generates`;
  }
  for (const [name, property] of Object.entries(view.properties)) {
    const why = whyNoValue(property, resolve);
    if (why !== undefined) return `its member ${name}: ${why}`;
  }
  return view.items === undefined ? undefined : whyNoValue(view.items, resolve);
}

/** How many characters of JSON a value generated for a schema takes at most (an estimate: a string counts its cap). */
function largestSize(schema: unknown, resolve: Resolve): number {
  const view = viewOf(schema, resolve);
  const own = view.schema;
  if ('const' in own || Array.isArray(own['enum'])) return JSON.stringify([own['const'], own['enum']]).length;
  switch (mainType(view)) {
    case 'array':
      return 2 + itemCount(own) * (1 + largestSize(view.items ?? {}, resolve));
    case 'object':
      return Object.entries(view.properties).reduce((sum, [name, property]) => sum + name.length + 4 + largestSize(property, resolve), 2);
    case 'string':
      return MAX_GENERATED_LENGTH + 2;
    default:
      return 24;
  }
}
