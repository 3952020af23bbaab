import type { ApiDescription, Schema } from './describe.js';

/** The bounds a schema states (JSON Schema's own keywords); each absent when the spec states none. */
export interface StatedBounds {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** What the data layer needs to know of the spec's ranking item: which fields are optional, and the bounds it states. */
export interface ItemFacts {
  /** The item's properties that are not required, in the spec's order. */
  readonly optionalFields: readonly string[];
  /** The bounds of the member at a path of property names below the item (`['creator', 'nickname']`); `{}` where it has none. */
  readonly bounds: (path: readonly string[]) => StatedBounds;
}

const KEYWORDS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

const member = (schema: Schema | undefined, name: string): unknown =>
  (schema?.['properties'] as Record<string, unknown> | undefined)?.[name];

/**
 * The ranking item's facts, read where the 200 answer puts its items (`data.list[]`), `$ref`s followed. A spec whose 200
 * answer has no such list has no optional item fields and states no bounds.
 */
export function itemFacts(api: ApiDescription): ItemFacts {
  const resolve = (schema: unknown): Schema | undefined => (schema === undefined ? undefined : api.resolveSchema(schema));
  const body = resolve(api.bodySchema(200));
  const list = resolve(member(resolve(member(body, 'data')), 'list'));
  const item = resolve(list?.['items']);
  const required = new Set((item?.['required'] as string[] | undefined) ?? []);
  const properties = Object.keys((item?.['properties'] as Record<string, unknown> | undefined) ?? {});
  return {
    optionalFields: properties.filter((name) => !required.has(name)),
    bounds: (path) => {
      let schema = item;
      for (const name of path) schema = resolve(member(schema, name));
      const bounds: Partial<Record<(typeof KEYWORDS)[number], number>> = {};
      for (const keyword of KEYWORDS) {
        const value = schema?.[keyword];
        if (typeof value === 'number') bounds[keyword] = value;
      }
      return bounds;
    },
  };
}
