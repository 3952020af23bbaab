import { createRequire } from 'node:module';
import { mainType, viewOf, type Resolve } from './schema-view.js';

/** Uniform draws in [0, 1), from a seeded generator: the same seed gives the same value. */
export interface Draws {
  next(): number;
}

/** randexp is CommonJS (`module.exports = RandExp`), loaded when a pattern is first drawn from. */
interface RandExp {
  max: number;
  randInt: (min: number, max: number) => number;
  gen(): string;
}
const randExp = (pattern: string): RandExp => {
  const RandExpClass = createRequire(import.meta.url)('randexp') as new (pattern: string) => RandExp;
  return new RandExpClass(pattern);
};

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
    pattern.randInt = (min: number, max: number) => int(draws, min, max);
    return pattern.gen();
  }
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 1;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Math.max(min, 12);
  return word(draws, int(draws, Math.max(min, Math.min(max, 6)), max));
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
      const min = typeof own['minItems'] === 'number' ? own['minItems'] : 0;
      const max = typeof own['maxItems'] === 'number' ? own['maxItems'] : Math.max(min, 2);
      return Array.from({ length: Math.min(max, Math.max(min, 2)) }, () => generateValue(view.items ?? {}, draws, resolve));
    }
    case 'object':
      return Object.fromEntries(Object.entries(view.properties).map(([name, property]) => [name, generateValue(property, draws, resolve)]));
    default:
      return null;
  }
}

/** Why no value can be drawn for a schema (a contradiction, a pattern that does not compile), or undefined. */
export function whyUngeneratable(schema: unknown, resolve: Resolve): string | undefined {
  if (schema === false) return 'it accepts no value (false)';
  const view = viewOf(schema, resolve);
  const own = view.schema;
  if ('not' in own || 'oneOf' in own || 'anyOf' in own) return 'it uses not, oneOf or anyOf, which the fake does not generate from';
  if (Array.isArray(own['enum']) && own['enum'].length === 0) return 'its enum is empty';
  if (typeof own['minimum'] === 'number' && typeof own['maximum'] === 'number' && own['minimum'] > own['maximum'])
    return 'its minimum is above its maximum';
  if (typeof own['minLength'] === 'number' && typeof own['maxLength'] === 'number' && own['minLength'] > own['maxLength'])
    return 'its minLength is above its maxLength';
  if (typeof own['pattern'] === 'string') {
    try {
      randExp(own['pattern']);
    } catch (error) {
      return `its pattern does not compile: ${(error as Error).message}`;
    }
  }
  for (const [name, property] of Object.entries(view.properties)) {
    const why = whyUngeneratable(property, resolve);
    if (why !== undefined) return `its member ${name}: ${why}`;
  }
  return view.items === undefined ? undefined : whyUngeneratable(view.items, resolve);
}
