import type { Ajv2020 } from 'ajv/dist/2020.js';
import { generateSync, type JsonSchema } from 'json-schema-faker';
import { formatsAjv } from './ajv.js';
import { parsePattern, shortestLength } from './pattern-tokens.js';
import { mainType, viewOf, type Resolve } from './schema-view.js';
import { MAX_SPEC_DEPTH, NAMES, VALUES } from './spec-bounds.js';

/**
 * The most the fake generates for a member a team's spec adds: strings of at most MAX_GENERATED_LENGTH characters
 * (a pattern's repetitions are drawn at most 5 past their minimum), lists of at most MAX_GENERATED_ITEMS items, and a
 * whole member of at most MAX_GENERATED_SIZE characters of JSON as estimated from its schema. A schema whose values
 * must be larger (a `minLength`, `minItems` or pattern beyond the caps) is refused when the fake starts.
 */
export const MAX_GENERATED_LENGTH = 256;
export const MAX_GENERATED_ITEMS = 16;
export const MAX_GENERATED_SIZE = 64 * 1024;
/**
 * Seeds a string's pattern and format are tried with at start: json-schema-faker reads most of a pattern's syntax,
 * not all (back-references), and most formats, not all (`duration`, `byte`).
 */
const TRIALS = [1, 2, 3, 4, 5, 6, 7, 8];
const STRING_KEYWORDS = ['pattern', 'format', 'minLength', 'maxLength'];
/** How many items a list without bounds gets. */
const DEFAULT_ITEMS = 2;
const CAPS: Readonly<Record<string, number>> = {
  minLength: MAX_GENERATED_LENGTH,
  maxLength: MAX_GENERATED_LENGTH,
  minItems: MAX_GENERATED_ITEMS,
  maxItems: MAX_GENERATED_ITEMS,
};

/** A copy of a schema for json-schema-faker: its `$ref`s inlined, its lengths and counts within the caps. */
function capped(node: unknown, resolve: Resolve, names = false): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) return node.map((part) => capped(part, resolve));
  const own = names ? (node as Record<string, unknown>) : resolve(node);
  const copy = Object.fromEntries(
    Object.entries(own).map(([key, value]) => {
      if (names) return [key, capped(value, resolve)];
      if (VALUES.has(key)) return [key, value];
      const cap = CAPS[key];
      if (cap !== undefined && typeof value === 'number') return [key, Math.min(value, cap)];
      // json-schema-faker knows `url` as `uri`, which ajv-formats' `url` (http or https) accepts
      if (key === 'format' && value === 'url') return [key, 'uri'];
      return [key, capped(value, resolve, NAMES.has(key))];
    }),
  );
  // Without a maxLength, json-schema-faker draws up to 10 characters past the minLength.
  return names || copy['minLength'] === undefined ? copy : { maxLength: MAX_GENERATED_LENGTH, ...copy };
}

/**
 * A member's value generator: json-schema-faker over the member's schema (check it with `whyUngeneratable` first),
 * so the same seed gives the same value. Every declared property of an object is generated.
 */
export function valueGenerator(schema: unknown, resolve: Resolve): (seed: number) => unknown {
  const ready = capped(schema, resolve) as JsonSchema;
  const options = { alwaysFakeOptionals: true, maxDefaultItems: DEFAULT_ITEMS, maxDepth: MAX_SPEC_DEPTH };
  return (seed) => generateSync(ready, { ...options, seed });
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
  const pattern = own['pattern'];
  if (typeof pattern === 'string') {
    let shortest: number;
    try {
      shortest = shortestLength(parsePattern(pattern));
    } catch (error) {
      return `its pattern does not compile: ${(error as Error).message}`;
    }
    if (shortest > MAX_GENERATED_LENGTH)
      return `its pattern matches nothing shorter than ${shortest} characters, above the ${MAX_GENERATED_LENGTH} the fake generates`;
  }
  if (typeof pattern === 'string' || typeof own['format'] === 'string') {
    const keywords = Object.fromEntries(STRING_KEYWORDS.filter((key) => own[key] !== undefined).map((key) => [key, own[key]]));
    let accepts: (value: unknown) => boolean;
    try {
      accepts = stringChecker(keywords);
    } catch (error) {
      return `its pattern does not compile: ${(error as Error).message}`;
    }
    const make = valueGenerator({ type: 'string', ...keywords }, resolve);
    const missed = TRIALS.map(make).find((text) => !accepts(text));
    if (missed !== undefined)
      return `its pattern or format asks for what json-schema-faker cannot generate (it made ${JSON.stringify(missed).slice(0, 40)}, which the spec refuses)`;
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
    case 'array': {
      const min = typeof own['minItems'] === 'number' ? own['minItems'] : 0;
      const items = Math.min(typeof own['maxItems'] === 'number' ? own['maxItems'] : Math.max(min, DEFAULT_ITEMS), MAX_GENERATED_ITEMS);
      return 2 + items * (1 + largestSize(view.items ?? {}, resolve));
    }
    case 'object':
      return Object.entries(view.properties).reduce((sum, [name, property]) => sum + name.length + 4 + largestSize(property, resolve), 2);
    case 'string':
      return MAX_GENERATED_LENGTH + 2;
    default:
      return 24;
  }
}

let strings: Ajv2020 | undefined;

/** ajv with formats, for one string's keywords; loaded on first use, as the built server loads no ajv otherwise. */
function stringChecker(schema: object): (value: unknown) => boolean {
  strings ??= formatsAjv({ strict: false, logger: false });
  return strings.compile(schema);
}
