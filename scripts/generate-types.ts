import { compile } from 'json-schema-to-typescript';
import type { JSONSchema } from 'json-schema-to-typescript';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { SpecDocument } from '../src/openapi/load-spec.js';
import { rewriteRefs } from '../src/openapi/json-schema.js';

export const GENERATED_BANNER = `/* eslint-disable */
/**
 * Generated from spec/openapi.yaml by \`npm run generate\`. Do not edit by hand:
 * change the spec and regenerate; a test fails when this file is stale.
 */`;

/**
 * TypeScript declarations for every component schema of the spec, one exported type per schema, named after it.
 */
export async function generateTypes(doc: SpecDocument): Promise<string> {
  const schemas: Record<string, OpenAPIV3_1.SchemaObject> = doc.components.schemas;
  const defs: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    defs[name] = { ...withoutConditionals(rewriteRefs(schema, '#/$defs/') as Record<string, unknown>), title: name };
  }
  const root = {
    title: 'SpecComponents',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.keys(schemas).map((name) => [name, { $ref: `#/$defs/${name}` }])),
    required: Object.keys(schemas),
    $defs: defs,
  } as JSONSchema;
  return compile(root, 'SpecComponents', {
    bannerComment: GENERATED_BANNER,
    additionalProperties: false,
    maxItems: -1,
    strictIndexSignatures: true,
    unknownAny: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
  });
}

/**
 * `if`/`then` only narrow string formats (date_info.value per type), which TypeScript cannot express; left in,
 * json-schema-to-typescript turns them into meaningless intersections.
 */
export function withoutConditionals(schema: Record<string, unknown>): Record<string, unknown> {
  const { allOf, if: _if, then: _then, else: _else, ...rest } = schema;
  if (!Array.isArray(allOf)) return rest;
  const kept = allOf.filter((entry) => typeof entry !== 'object' || entry === null || !('if' in entry));
  return kept.length > 0 ? { ...rest, allOf: kept } : rest;
}
