import type { JsonSchema } from '../../openapi/json-schema.js';

/**
 * The strict view of a schema: every object schema that lists its properties and says nothing about others
 * gets `additionalProperties: false`, at any depth. Validating an answer against it names each member the spec
 * does not describe.
 */
export function forbidUndocumented(schema: JsonSchema): JsonSchema {
  return strict(schema) as JsonSchema;
}

function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = strict(value);
  if (out['type'] === 'object' && typeof out['properties'] === 'object' && out['additionalProperties'] === undefined) {
    out['additionalProperties'] = false;
  }
  return out;
}
