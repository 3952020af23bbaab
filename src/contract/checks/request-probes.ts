import { fieldPath, showValue } from '../../openapi/describe-ajv-error.js';
import type { RequestValidator, RequestVerdict } from '../../openapi/request-validator.js';
import { dig } from '../json-value.js';
import { RULE_CASES } from './rule-cases.js';
import type { Schema } from '../../openapi/describe.js';
import type { SpecFacts } from '../spec-facts.js';
import { isRecord } from '../json-value.js';

/** One request body on one side of one constraint, with the spec's verdict on it. */
export interface ValidationProbe {
  /** e.g. `filter.region enum outside: "us"`. */
  readonly name: string;
  /** The field as the spec's violations name it: `filter.region`, `orderby[0].field`, `body`. */
  readonly field: string;
  /** The JSON Schema keyword or the x-rules id probed. */
  readonly constraint: string;
  readonly side: 'inside' | 'outside';
  readonly body: unknown;
  readonly verdict: RequestVerdict;
}

export interface DerivedProbes {
  readonly probes: readonly ValidationProbe[];
  /** Schema keywords of the request the walk does not know how to probe; a test keeps this empty. */
  readonly unhandledKeywords: readonly string[];
  /** Probes that came out on the wrong side of the spec's verdict, so they were dropped; a test keeps this empty. */
  readonly dropped: readonly string[];
  /** x-rules ids without an entry in RULE_CASES (the probes of those rules are missing); a test keeps this empty. */
  readonly rulesWithoutCases: readonly string[];
}

/** Keywords the walk turns into probes, and keywords that only annotate. */
export const PROBED_KEYWORDS = [
  'type',
  'properties',
  'additionalProperties',
  'required',
  'enum',
  'minimum',
  'maximum',
  'maxItems',
  'items',
  'allOf',
  'pattern',
] as const;
const ANNOTATIONS = new Set(['$ref', 'description', 'default', 'title', 'examples']);
const KNOWN = new Set<string>([...PROBED_KEYWORDS, ...ANNOTATIONS]);

/** A member name no version of the spec is going to define. */
export const UNKNOWN_MEMBER = 'x_contract_probe';

type Segment = string | number;

interface Draft {
  readonly segments: readonly Segment[];
  readonly constraint: string;
  readonly side: 'inside' | 'outside';
  /** Bodies carrying the value, in order of preference; the first on the intended side is sent. */
  readonly bodies: readonly unknown[];
  readonly shown: unknown;
}

const pointer = (segments: readonly Segment[]): string => segments.map((s) => `/${s}`).join('');
/**
 * Every validation probe the request schema and the x-rules give: one step inside and one step outside each
 * bound (minimum/maximum +-1, an enum outsider, a wrong type, an unknown member, a missing required member, each
 * conditional format), and each rule's cases from RULE_CASES. Values a schema cannot give (a string matching a
 * pattern) come from the spec's request examples.
 */
export function deriveProbes(facts: SpecFacts, validate: RequestValidator): DerivedProbes {
  const unhandled = new Set<string>();
  const drafts: Draft[] = [];
  const examplesAt = (segments: readonly Segment[]): unknown[] =>
    facts.requestExamples.map((example) => dig(example, ...segments)).filter((value) => value !== undefined);

  const schemaAt = (segments: readonly Segment[]): Schema => {
    let schema = facts.resolveSchema(facts.requestSchema);
    for (const segment of segments) {
      const next = typeof segment === 'number' ? schema['items'] : (schema['properties'] as Record<string, unknown>)[segment];
      schema = facts.resolveSchema(next);
    }
    return schema;
  };

  /** The body that carries `value` at `segments`, every ancestor the smallest instance the spec accepts. */
  const place = (segments: readonly Segment[], value: unknown): unknown => {
    if (segments.length === 0) return value;
    const parentSegments = segments.slice(0, -1);
    const last = segments[segments.length - 1] as Segment;
    const parent = structuredClone(instance(parentSegments)) as Record<Segment, unknown>;
    parent[last] = value;
    return place(parentSegments, parent);
  };

  /** The smallest value at `segments` the spec accepts: required members only, else an example that is accepted. */
  const instances = new Map<string, unknown>();
  const instance = (segments: readonly Segment[]): unknown => {
    const key = pointer(segments);
    if (!instances.has(key)) {
      const generated = generate(segments);
      const candidates = [generated, ...examplesAt(segments)];
      instances.set(key, candidates.find((candidate) => validate(place(segments, candidate)).ok) ?? generated);
    }
    return instances.get(key);
  };

  /** Required members only; a scalar is the schema's first enum value, else its first example, else its minimum. */
  const generate = (segments: readonly Segment[]): unknown => {
    const schema = schemaAt(segments);
    const example = examplesAt(segments)[0];
    if (schema['type'] === 'object') {
      const out: Record<string, unknown> = {};
      for (const name of (schema['required'] ?? []) as string[]) out[name] = generate([...segments, name]);
      return out;
    }
    if (schema['type'] === 'array') return [];
    if (Array.isArray(schema['enum'])) return schema['enum'][0];
    return example ?? schema['minimum'] ?? '';
  };

  /**
   * A probe of `value` at `segments`. An inside value may need a matching parent (a day value needs type day):
   * the examples' parents that hold the same value are tried after the smallest one.
   */
  const add = (segments: readonly Segment[], constraint: string, side: 'inside' | 'outside', value: unknown, at = segments): void => {
    const parent = at.slice(0, -1);
    const last = at[at.length - 1];
    const sameValue = examplesAt(parent).filter((example) => last !== undefined && isRecord(example) && example[last] === value);
    const bodies = [place(at, value), ...(side === 'inside' ? sameValue.map((example) => place(parent, example)) : [])];
    drafts.push({ segments, constraint, side, bodies, shown: value });
  };

  const wrongType = (segments: readonly Segment[], schema: Schema): unknown => {
    switch (schema['type']) {
      case 'object':
        return [];
      case 'array':
        // The vendor's page types orderby "object": send the item itself where the spec wants an array of it.
        return instance([...segments, 0]);
      case 'string':
        return 1;
      default:
        return String(instance(segments));
    }
  };

  const walk = (segments: readonly Segment[]): void => {
    const schema = schemaAt(segments);
    for (const keyword of Object.keys(schema)) if (!KNOWN.has(keyword)) unhandled.add(`${fieldPath(pointer(segments))}: ${keyword}`);
    if (typeof schema['type'] === 'string') add(segments, 'type', 'outside', wrongType(segments, schema));
    const enumValues = schema['enum'];
    if (Array.isArray(enumValues)) {
      if (schema['type'] === 'integer') {
        const numbers = enumValues as number[];
        add(segments, 'enum', 'inside', Math.max(...numbers));
        add(segments, 'enum', 'outside', Math.max(...numbers) + 1);
        add(segments, 'enum', 'inside', Math.min(...numbers));
        add(segments, 'enum', 'outside', Math.min(...numbers) - 1);
      } else {
        const first = String(enumValues[0]);
        const toggled = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
        add(segments, 'enum', 'inside', first);
        add(segments, 'enum', 'outside', enumValues.includes(toggled) ? `${first}_x` : toggled);
      }
    }
    if (typeof schema['minimum'] === 'number') {
      add(segments, 'minimum', 'outside', schema['minimum'] - 1);
      add(segments, 'minimum', 'inside', schema['minimum']);
    }
    if (typeof schema['maximum'] === 'number') {
      add(segments, 'maximum', 'outside', schema['maximum'] + 1);
      add(segments, 'maximum', 'inside', schema['maximum']);
    }
    if (typeof schema['pattern'] === 'string') patternProbes(segments, schema['pattern'], (value) => value, segments, '');
    if (schema['type'] === 'object') {
      if (schema['additionalProperties'] === false)
        add(segments, 'additionalProperties', 'outside', { ...(instance(segments) as object), [UNKNOWN_MEMBER]: 1 });
      for (const name of (schema['required'] ?? []) as string[]) {
        const { [name]: _omitted, ...rest } = instance(segments) as Record<string, unknown>;
        add(segments, 'required', 'outside', rest);
      }
      for (const part of (schema['allOf'] ?? []) as Schema[]) conditionalProbes(segments, part);
      for (const name of Object.keys(schema['properties'] ?? {})) walk([...segments, name]);
    }
    if (schema['type'] === 'array') {
      if (typeof schema['maxItems'] === 'number') {
        const item = instance([...segments, 0]);
        add(segments, 'maxItems', 'outside', new Array<unknown>(schema['maxItems'] + 1).fill(item));
        add(segments, 'maxItems', 'inside', new Array<unknown>(schema['maxItems']).fill(item));
      }
      walk([...segments, 0]);
    }
  };

  /** `if: {properties: {d: {const: c}}}, then: {properties: {m: {pattern}}}`: the probes of m's format when d is c. */
  const conditionalProbes = (segments: readonly Segment[], part: Schema): void => {
    for (const keyword of Object.keys(part))
      if (keyword !== 'if' && keyword !== 'then') unhandled.add(`${fieldPath(pointer(segments))}: allOf ${keyword}`);
    const discriminators = Object.entries(((part['if'] as Schema | undefined)?.['properties'] ?? {}) as Record<string, Schema>);
    const then = ((part['then'] as Schema | undefined)?.['properties'] ?? {}) as Record<string, Schema>;
    const base = Object.fromEntries(discriminators.map(([name, schema]) => [name, schema['const']]));
    const tag = `@${Object.values(base).join(',')}`;
    for (const [member, memberSchema] of Object.entries(then)) {
      for (const keyword of Object.keys(memberSchema)) {
        if (keyword !== 'pattern' && !ANNOTATIONS.has(keyword))
          unhandled.add(`${fieldPath(pointer([...segments, member]))}: then ${keyword}`);
      }
      const pattern = memberSchema['pattern'];
      if (typeof pattern !== 'string') continue;
      const wrap = (value: string): unknown => ({ ...(instance(segments) as object), ...base, [member]: value });
      patternProbes([...segments, member], pattern, wrap, segments, tag);
    }
  };

  /** Each example that matches the pattern is an inside probe; the first example that does not, the outside one. */
  const patternProbes = (
    segments: readonly Segment[],
    pattern: string,
    wrap: (value: string) => unknown,
    at: readonly Segment[],
    tag: string,
  ): void => {
    const regex = new RegExp(pattern, 'u');
    const examples = [...new Set(examplesAt(segments).filter((value): value is string => typeof value === 'string'))];
    const matching = examples.filter((value) => regex.test(value));
    const other = examples.find((value) => !regex.test(value)) ?? `${matching[0] ?? ''}x`;
    for (const value of matching)
      drafts.push({ segments, constraint: `pattern${tag}`, side: 'inside', bodies: [place(at, wrap(value))], shown: value });
    drafts.push({ segments, constraint: `pattern${tag}`, side: 'outside', bodies: [place(at, wrap(other))], shown: other });
  };

  walk([]);

  const probes: ValidationProbe[] = [];
  const dropped: string[] = [];
  const sent = new Set<string>();
  const keep = (probe: ValidationProbe): void => {
    // Two constraints can lead to the same body (orderby maxItems inside is orderby[0].field enum inside): send it once.
    const key = JSON.stringify(probe.body);
    if (sent.has(key)) return;
    sent.add(key);
    probes.push(probe);
  };
  for (const draft of drafts) {
    const field = fieldPath(pointer(draft.segments));
    const name = `${field} ${draft.constraint} ${draft.side}: ${showValue(draft.shown)}`;
    const settled = settle(draft, validate, facts);
    if (settled === undefined) dropped.push(name);
    else keep({ name, field, constraint: draft.constraint, side: draft.side, body: settled.body, verdict: settled.verdict });
  }

  const rules = facts.rules;
  for (const rule of rules) {
    const cases = RULE_CASES[rule.id]?.(rule, facts);
    if (cases === undefined) continue;
    for (const side of ['outside', 'inside'] as const) {
      const body = cases[side];
      const verdict = validate(body);
      const name = `${rule.field} ${rule.id} ${side}: ${showValue(body)}`;
      const right = side === 'inside' ? verdict.ok : !verdict.ok && verdict.violation.rule === rule.id;
      if (right) keep({ name, field: rule.field, constraint: rule.id, side, body, verdict });
      else dropped.push(name);
    }
  }

  return {
    probes,
    unhandledKeywords: [...unhandled],
    dropped,
    rulesWithoutCases: rules.filter((rule) => RULE_CASES[rule.id] === undefined).map((rule) => rule.id),
  };
}

/**
 * The body to send and the spec's verdict on it. An outside probe is its first body. An inside probe is the first
 * body the spec accepts; one refused only because of an unrelated member (page 1000 breaks page-window at the
 * default pagesize) gets its top-level integer siblings set to their minimum. A probe that cannot be put on its
 * intended side is dropped (undefined).
 */
function settle(draft: Draft, validate: RequestValidator, facts: SpecFacts): { body: unknown; verdict: RequestVerdict } | undefined {
  const [first] = draft.bodies;
  if (draft.side === 'outside') {
    const verdict = validate(first);
    return verdict.ok ? undefined : { body: first, verdict };
  }
  const properties = facts.requestSchema['properties'] as Record<string, unknown>;
  const neutral = (body: unknown): unknown => {
    const out: Record<string, unknown> = { ...(body as object) };
    for (const [name, schema] of Object.entries(properties)) {
      const minimum = facts.resolveSchema(schema)['minimum'];
      if (name !== draft.segments[0] && typeof minimum === 'number') out[name] = minimum;
    }
    return out;
  };
  for (const body of [...draft.bodies, ...draft.bodies.map(neutral)]) {
    const verdict = validate(body);
    if (verdict.ok) return { body, verdict };
  }
  return undefined;
}
