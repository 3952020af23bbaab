import type { SpecDocument } from './load-spec.js';

/** The $id under which the spec's component schemas are registered with ajv (as $defs). */
export const SPEC_SCHEMA_ID = 'urn:fastmoss-kit:openapi';

/** How an OpenAPI document references one of its component schemas. */
export const COMPONENT_PREFIX = '#/components/schemas/';

export type JsonSchema = Record<string, unknown>;

/**
 * Copies an OpenAPI schema into plain JSON Schema 2020-12: every `#/components/schemas/X` reference is
 * rewritten to `prefix + X`, so the result resolves outside the OpenAPI document.
 */
export function rewriteRefs(schema: unknown, prefix: string): unknown {
  if (Array.isArray(schema)) return schema.map((entry) => rewriteRefs(entry, prefix));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_PREFIX)
        ? prefix + value.slice(COMPONENT_PREFIX.length)
        : rewriteRefs(value, prefix);
  }
  return out;
}

/** The spec's component schemas as one JSON Schema document with `$defs`, referencing itself absolutely. */
export function componentSchemaDocument(doc: SpecDocument, transform?: (schema: JsonSchema) => JsonSchema): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const plain = toStandaloneSchema(schema);
    defs[name] = transform ? transform(plain) : plain;
  }
  return { $id: SPEC_SCHEMA_ID, $defs: defs };
}

/** A schema from anywhere in the spec, made resolvable against `componentSchemaDocument`. */
export function toStandaloneSchema(schema: unknown): JsonSchema {
  return rewriteRefs(schema, `${SPEC_SCHEMA_ID}#/$defs/`) as JsonSchema;
}

/** A `$ref` to one named component schema. */
export function componentRef(name: string): JsonSchema {
  return { $ref: `${SPEC_SCHEMA_ID}#/$defs/${name}` };
}
