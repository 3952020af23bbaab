import { PROBED_KEYWORDS } from '../../src/contract/checks/request-probes.js';
import { spec } from './spec.js';

type Schema = Record<string, unknown>;

const resolve = (schema: Schema): Schema => {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  return resolve(spec.components.schemas[ref.replace('#/components/schemas/', '')] as Schema);
};

/** The keywords the contract walk probes, less the ones that only lead to other schemas. */
const KEYWORDS = PROBED_KEYWORDS.filter((keyword) => !['properties', 'items', 'allOf'].includes(keyword));

/**
 * Every constraint of the request schema as `path:keyword` (patterns under an if/then as `path:pattern@<type>`),
 * read from the spec, so a test can insist that each has an accept and a reject case.
 */
export function requestConstraints(): string[] {
  const out = new Set<string>();
  const walk = (raw: Schema, path: string, tag = ''): void => {
    const schema = resolve(raw);
    for (const keyword of KEYWORDS) if (keyword in schema) out.add(`${path}:${keyword}${tag}`);
    for (const [name, child] of Object.entries((schema['properties'] ?? {}) as Record<string, Schema>)) {
      walk(child, path === 'body' ? name : `${path}.${name}`, tag);
    }
    if (schema['items']) walk(schema['items'] as Schema, `${path}[]`);
    for (const part of (schema['allOf'] ?? []) as Schema[]) {
      const when = ((part['if'] as Schema | undefined)?.['properties'] as Record<string, Schema> | undefined)?.['type']?.['const'];
      if (part['then']) walk(part['then'] as Schema, path, `@${String(when)}`);
    }
  };
  walk(spec.components.schemas['TopPotentialRequest'] as Schema, 'body');
  // then-branches repeat the discriminator's own type/enum; they add nothing to test
  return [...out].filter((c) => !/^filter\.date_info\.type:(type|enum)@/.test(c)).sort();
}
