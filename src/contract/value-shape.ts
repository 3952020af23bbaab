/** JSON types as the drift report writes them at the start of `observed` (see describeValue). */
const OBSERVED = /^(array|integer|number|string|boolean|object|null)(?: ([\s\S]*))?$/;

/** A member name a proposal may write into a spec: a plain identifier, short. */
export const MEMBER_NAME_SOURCE = '[A-Za-z_][A-Za-z0-9_]{0,63}';
export const MEMBER_NAME = new RegExp(`^${MEMBER_NAME_SOURCE}$`);

/** Longest string an example keeps, items of a list and members of an object it shows, and how deep it goes. */
const MAX_TEXT = 64;
const MAX_ITEMS = 3;
const MAX_MEMBERS = 20;
const MAX_DEPTH = 4;

/** What a finding's `observed` says: the JSON type, and the value when the text shown is whole JSON (it is cut at 200 characters). */
export interface ObservedValue {
  readonly type: string;
  readonly value?: unknown;
}

export function parseObserved(observed: string): ObservedValue | undefined {
  const match = OBSERVED.exec(observed);
  if (match === null) return undefined;
  const type = match[1] as string;
  if (type === 'null') return { type, value: null };
  try {
    return { type, value: JSON.parse(match[2] ?? '') as unknown };
  } catch {
    return { type };
  }
}

/**
 * The shape of a value production sent, safe to write into a spec: every letter of a string is `a` or `A`, every
 * digit `9` (punctuation and spaces kept, at most 64 characters), so a date still reads 9999-99-99 and no text, name
 * or credential production sent is repeated; numbers and booleans as they were; lists and objects cut to a few
 * items and members with plain names, a few levels deep.
 */
export function shapeOf(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return [...value]
      .slice(0, MAX_TEXT)
      .map((c) => (/\p{Lu}/u.test(c) ? 'A' : /\p{L}/u.test(c) ? 'a' : /\p{N}/u.test(c) ? '9' : /[\p{P}\p{S} ]/u.test(c) ? c : '_'))
      .join('');
  if (Array.isArray(value)) return depth >= MAX_DEPTH ? [] : value.slice(0, MAX_ITEMS).map((item) => shapeOf(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    if (depth >= MAX_DEPTH) return {};
    return Object.fromEntries(membersOf(value).map(([name, member]) => [name, shapeOf(member, depth + 1)]));
  }
  return value;
}

/** The members with plain names an example or a schema shows, at most MAX_MEMBERS. */
const membersOf = (value: object): [string, unknown][] =>
  Object.entries(value)
    .filter(([name]) => MEMBER_NAME.test(name))
    .slice(0, MAX_MEMBERS);

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/** A JSON Schema for a value production sent: its type, and for lists and objects what their items and members were. */
export function schemaOf(observed: ObservedValue, depth = 0): Record<string, unknown> {
  const { type, value } = observed;
  if (type === 'array' && Array.isArray(value) && value.length > 0 && depth < MAX_DEPTH)
    return { type, items: schemaOf({ type: typeOf(value[0]), value: value[0] }, depth + 1) };
  if (type === 'object' && typeof value === 'object' && value !== null && depth < MAX_DEPTH) {
    const members = membersOf(value);
    const schema = (member: unknown): Record<string, unknown> => schemaOf({ type: typeOf(member), value: member }, depth + 1);
    if (members.length > 0) return { type, properties: Object.fromEntries(members.map(([name, member]) => [name, schema(member)])) };
  }
  return { type };
}
