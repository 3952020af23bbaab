import { whyBacktracks } from './backtracking.js';
import type { SpecDocument } from './load-spec.js';
import { SpecError } from './spec-error.js';

/** How deep a spec may nest, its `$ref`s followed: past this, the serializer and the generators would run out of stack. */
export const MAX_SPEC_DEPTH = 64;

/** Members that hold data, not schema: a `$ref` or `pattern` under them is a value, never followed or compiled. */
export const VALUES = new Set(['example', 'examples', 'value', 'default', 'const', 'enum']);

/** Members whose keys are names, each naming a schema (a property named `default` is still a schema). */
export const NAMES = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas', 'schemas']);

const escapeToken = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** A reference token's %-escapes decoded; a malformed one (`%E0`) is left as written, and then names nothing. */
function decodePercent(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The value a local reference (`#/a/b`) points at, through own members only; undefined when it points at nothing. */
function pointAt(doc: SpecDocument, ref: string): unknown {
  let current: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodePercent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The JSON pointer of every object in a spec that passed assertSpecBounded, where the walk first met it. */
const pointers = new WeakMap<object, string>();

/** Where in its spec a schema object is (`#/components/schemas/X/properties/y`), for a message; undefined for one built elsewhere. */
export function specPointer(node: unknown): string | undefined {
  return typeof node === 'object' && node !== null ? pointers.get(node) : undefined;
}

/**
 * Refuses, naming the JSON pointer, a spec the kit cannot work from in bounded time and memory: an object that contains
 * itself (YAML aliases), a `__proto__` member, a `$ref` outside the document or to nothing, `$ref`s that come back to
 * where they started (a recursive schema), nesting deeper than MAX_SPEC_DEPTH with references followed, and a
 * `pattern` (or `patternProperties` name) whose matching can backtrack exponentially. One walk; each referenced part
 * is measured once.
 */
export function assertSpecBounded(doc: SpecDocument): void {
  const fail = (pointer: string, why: string): never => {
    throw new SpecError(`The spec is refused at ${pointer}: ${why}.`);
  };
  /** Depth of each referenced part, references followed; absent while it is being measured. */
  const measured = new Map<string, number>();
  /** Depth of each object walked in each mode (a YAML alias shares one object between places: it is walked once as each). */
  const walked = { schema: new WeakMap<object, number>(), names: new WeakMap<object, number>(), value: new WeakMap<object, number>() };
  const following: string[] = [];

  const followRef = (ref: string, pointer: string): number => {
    if (!ref.startsWith('#/'))
      return fail(
        pointer,
        `$ref ${JSON.stringify(ref)} points outside the components of this document; the kit reads no other file or URL. Copy what it names into the spec`,
      );
    const done = measured.get(ref);
    if (done !== undefined) return done;
    if (following.includes(ref))
      return fail(
        pointer,
        `$ref ${ref} leads back to itself (${[...following.slice(following.indexOf(ref)), ref].join(' -> ')}); the kit needs finite schemas. Replace the recursion with a fixed depth`,
      );
    const target = pointAt(doc, ref);
    if (target === undefined) return fail(pointer, `$ref ${ref} points at nothing in the document`);
    following.push(ref);
    const depth = walk(target, ref, 'schema', new Set());
    following.pop();
    measured.set(ref, depth);
    return depth;
  };

  /** `mode`: a schema or other spec object, a map of names to them (`properties`), or data (an example). */
  const walk = (node: unknown, pointer: string, mode: 'schema' | 'names' | 'value', ancestors: Set<object>): number => {
    if (typeof node !== 'object' || node === null) return 0;
    if (ancestors.has(node)) return fail(pointer, 'it contains itself (a YAML alias of an enclosing node)');
    const known = walked[mode].get(node);
    if (known !== undefined) return known;
    ancestors.add(node);
    if (!pointers.has(node)) pointers.set(node, pointer);
    let deepest = 0;
    for (const [key, value] of Object.entries(node) as [string, unknown][]) {
      const at = `${pointer}/${escapeToken(key)}`;
      if (key === '__proto__') fail(at, 'a member named __proto__ would change what objects inherit. Rename it');
      let depth: number;
      if (mode === 'schema' && key === '$ref' && typeof value === 'string') depth = followRef(value, at);
      else {
        if (mode === 'schema' && key === 'pattern' && typeof value === 'string') checkPattern(value, at);
        if (mode === 'schema' && key === 'patternProperties' && typeof value === 'object' && value !== null)
          for (const name of Object.keys(value)) checkPattern(name, `${at}/${escapeToken(name)}`);
        const inner =
          mode === 'value' || (mode === 'schema' && VALUES.has(key)) ? 'value' : mode === 'schema' && NAMES.has(key) ? 'names' : 'schema';
        depth = walk(value, at, inner, ancestors);
      }
      deepest = Math.max(deepest, depth);
    }
    ancestors.delete(node);
    if (deepest + 1 > MAX_SPEC_DEPTH)
      fail(pointer, `it nests more than ${MAX_SPEC_DEPTH} levels deep with its $refs followed. Flatten the schema`);
    walked[mode].set(node, deepest + 1);
    return deepest + 1;
  };

  const checkPattern = (pattern: string, pointer: string): void => {
    let why: string | undefined;
    try {
      why = whyBacktracks(pattern);
    } catch (error) {
      why = `the kit's pattern reader cannot read it, so it cannot be checked for backtracking (${(error as Error).message})`;
    }
    if (why !== undefined)
      fail(
        pointer,
        `the pattern ${JSON.stringify(pattern)} is refused: ${why}. Write it so that each part of the text can match one way only`,
      );
  };

  walk(doc, '#', 'schema', new Set());
}
