import { valueGenerator, whyUngeneratable } from './schema-value.js';
import { specPointer } from './spec-bounds.js';
import { mainType, viewOf, type Resolve, type SchemaView } from './schema-view.js';

/** The seed of a generated value: from the identity of what holds it (an item's uid) and the member's path. */
export type SeedFor = (identity: string, path: string) => number;

/** A value the fake's data made, reshaped to satisfy another schema. */
export type Conform = (value: unknown, identity: string) => unknown;

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
const allows = (view: SchemaView, type: string): boolean =>
  view.types.length === 0 || view.types.includes(type) || (type === 'integer' && view.types.includes('number'));

/** A schema and how its `$ref`s resolve (the team's spec, or the kit's own). */
export interface SchemaIn {
  readonly schema: unknown;
  readonly resolve: Resolve;
}

/**
 * A function that reshapes a value the fake's data made for the kit's own spec (`modelled`) into one the team's spec
 * (`target`) accepts: its members in the target's order; a member the target lacks left out; one it adds (or requires
 * when the data left it out) generated, seeded by the holder's identity (an item's uid) and the member's path, so the
 * same answer gives the same bytes; a number sent as a string or the reverse; numbers kept within the target's
 * bounds, strings and lists within its lengths. Whether the target can be followed at all is for `unfollowable` to say.
 */
export function createConformer(target: SchemaIn, modelled: SchemaIn, seedFor: SeedFor): Conform {
  const generators = new Map<string, ReturnType<typeof valueGenerator>>();
  const generate = (schema: unknown, identity: string, path: string): unknown => {
    const make = generators.get(path) ?? valueGenerator(schema, target.resolve);
    generators.set(path, make);
    return make(seedFor(identity, path));
  };
  const conform = (value: unknown, schema: unknown, made: unknown, identity: string, path: string): unknown => {
    const view = viewOf(schema, target.resolve);
    const own = view.schema;
    if (value === undefined) return generate(schema, identity, path);
    if ('const' in own) return own['const'];
    if (value === null && allows(view, 'null') && view.types.length > 0) return null;
    const type = mainType(view);
    switch (type) {
      case 'object': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return generate(schema, identity, path);
        const record = value as Record<string, unknown>;
        const holder = typeof record['uid'] === 'string' ? record['uid'] : identity;
        const madeMembers = made === undefined ? {} : viewOf(made, modelled.resolve).properties;
        const out: Record<string, unknown> = {};
        for (const [name, member] of Object.entries(view.properties)) {
          const absent = record[name] === undefined;
          if (absent && name in madeMembers && !view.required.includes(name)) continue;
          out[name] = conform(record[name], member, madeMembers[name], holder, `${path}.${name}`);
        }
        return out;
      }
      case 'array': {
        if (!Array.isArray(value)) return generate(schema, identity, path);
        const max = typeof own['maxItems'] === 'number' ? own['maxItems'] : value.length;
        const madeItems = made === undefined ? undefined : viewOf(made, modelled.resolve).items;
        return value.slice(0, max).map((item) => conform(item, view.items ?? {}, madeItems, identity, `${path}[]`));
      }
      case 'string': {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        return typeof own['maxLength'] === 'number' ? text.slice(0, own['maxLength']) : text;
      }
      case 'integer':
      case 'number': {
        const number = typeof value === 'number' ? value : typeof value === 'string' && NUMERIC.test(value) ? Number(value) : Number.NaN;
        if (!Number.isFinite(number)) return generate(schema, identity, path);
        const low = typeof own['minimum'] === 'number' ? own['minimum'] : -Infinity;
        const high = typeof own['maximum'] === 'number' ? own['maximum'] : Infinity;
        const bounded = Math.min(high, Math.max(low, number));
        return type === 'integer' ? Math.round(bounded) : bounded;
      }
      default:
        return value;
    }
  };
  return (value, identity) => conform(value, target.schema, modelled.schema, identity, '$');
}

/**
 * Why a schema cannot be followed from values made for another (the kit's own): each problem names the member and
 * what changed. The fake refuses to start with such a spec rather than send answers its spec refuses.
 */
export function unfollowable(target: SchemaIn, modelled: SchemaIn, path = '$'): string[] {
  const t = viewOf(target.schema, target.resolve);
  const m = viewOf(modelled.schema, modelled.resolve);
  const [tOwn, mOwn, tType, mType] = [t.schema, m.schema, mainType(t), mainType(m)];
  const below = (their: unknown, ours: unknown, at: string): string[] =>
    unfollowable({ schema: their, resolve: target.resolve }, { schema: ours, resolve: modelled.resolve }, at);
  const problems: string[] = [];
  const convertible =
    mType === undefined ||
    tType === undefined ||
    allows(t, mType) ||
    (tType === 'string' && (mType === 'integer' || mType === 'number')) ||
    ((tType === 'integer' || tType === 'number') && (mType === 'string' || mType === 'number'));
  if (!convertible) problems.push(`${path} is ${t.types.join(' or ')} in the spec, but the fake makes it ${mType}`);
  if ('const' in tOwn && JSON.stringify(tOwn['const']) !== JSON.stringify(mOwn['const'])) {
    problems.push(`${path} must be ${JSON.stringify(tOwn['const'])} in the spec, but the fake sends other values`);
  }
  if (Array.isArray(tOwn['enum'])) {
    const allowed = new Set(tOwn['enum'].map((value) => JSON.stringify(value)));
    const made = Array.isArray(mOwn['enum']) ? mOwn['enum'] : 'const' in mOwn ? [mOwn['const']] : undefined;
    const missing = made?.filter((value) => !allowed.has(JSON.stringify(value)));
    if (made === undefined) problems.push(`${path} has an enum in the spec, but the fake's values for it are not drawn from a list`);
    else if (missing !== undefined && missing.length > 0)
      problems.push(`${path}'s enum in the spec lacks ${missing.map((v) => JSON.stringify(v)).join(', ')}, which the fake sends`);
  }
  for (const keyword of ['pattern', 'format'] as const) {
    if (tOwn[keyword] !== undefined && tOwn[keyword] !== mOwn[keyword])
      problems.push(`${path} has ${keyword} ${JSON.stringify(tOwn[keyword])} in the spec, which the fake cannot promise for its values`);
  }
  for (const keyword of ['minLength', 'minItems'] as const) {
    const wanted = tOwn[keyword];
    if (typeof wanted === 'number' && !(typeof mOwn[keyword] === 'number' && mOwn[keyword] >= wanted)) {
      problems.push(`${path} has ${keyword} ${wanted} in the spec, which the fake cannot promise for its values`);
    }
  }
  if (!convertible) return problems;
  for (const [name, member] of Object.entries(t.properties)) {
    const made = m.properties[name];
    if (made !== undefined) problems.push(...below(member, made, `${path}.${name}`));
    else {
      const why = whyUngeneratable(member, target.resolve);
      const at = specPointer(member);
      if (why !== undefined)
        problems.push(`${path}.${name}${at === undefined ? '' : ` (${at})`} is new in the spec, and no value can be made for it: ${why}`);
    }
  }
  if (t.items !== undefined && m.items !== undefined) problems.push(...below(t.items, m.items, `${path}[*]`));
  return problems;
}
