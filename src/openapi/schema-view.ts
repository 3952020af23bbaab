import type { Schema } from './describe.js';

/** Follows `$ref`s to the schema they name. */
export type Resolve = (schema: unknown) => Schema;

/** One schema as a value must satisfy it: `$ref`s followed and `allOf` parts merged (conditionals ignored). */
export interface SchemaView {
  /** The JSON types allowed, `null` included; empty when the schema does not say. */
  readonly types: readonly string[];
  readonly properties: Readonly<Record<string, unknown>>;
  readonly required: readonly string[];
  readonly items: unknown;
  readonly schema: Schema;
}

/** The view of a schema: what its own keywords and every `allOf` part (through `$ref`s) say together. */
export function viewOf(schema: unknown, resolve: Resolve): SchemaView {
  const merged: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  let types: string[] | undefined;
  const visit = (part: unknown): void => {
    const resolved = resolve(part);
    for (const [key, value] of Object.entries(resolved)) {
      if (key === 'allOf' || key === 'properties' || key === 'required' || key === '$ref') continue;
      if (key === 'type') {
        const own = (Array.isArray(value) ? value : [value]) as string[];
        types = types === undefined ? own : types.filter((type) => own.includes(type) || (type === 'integer' && own.includes('number')));
        continue;
      }
      merged[key] ??= value;
    }
    Object.assign(properties, (resolved['properties'] ?? {}) as Record<string, unknown>);
    for (const name of (resolved['required'] ?? []) as string[]) required.add(name);
    for (const inner of (resolved['allOf'] ?? []) as unknown[]) visit(inner);
  };
  visit(schema);
  // Without a type, members or items say what it is.
  const implied = [...(Object.keys(properties).length > 0 ? ['object'] : []), ...('items' in merged ? ['array'] : [])];
  return { types: types ?? implied, properties, required: [...required], items: merged['items'], schema: merged };
}

/** The first type of a view other than null, or null when null is all it allows. */
export function mainType(view: SchemaView): string | undefined {
  return view.types.find((type) => type !== 'null') ?? view.types[0];
}
