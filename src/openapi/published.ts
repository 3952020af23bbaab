import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OpenAPIV3_1 } from 'openapi-types';
import type * as Yaml from 'yaml';
import type { ApiDescription } from './describe.js';
import { readExternalValue } from './external-value.js';
import type { SpecDocument } from './load-spec.js';

/**
 * A copy of the spec's document for a page that cannot fetch files: each example kept in a file (`externalValue`)
 * inlined when readExternalValue reads it (a small JSON file inside the spec's folder), read without blocking the
 * server. Any other example, and every one of a spec built in memory (nothing to resolve against), keeps its link.
 * The kit's own spec has none: its examples are inline, so a copy of it works from any folder.
 */
export async function withInlineExamples(api: ApiDescription): Promise<SpecDocument> {
  const copy = structuredClone(api.doc);
  const source = api.sourcePath;
  if (source === undefined) return copy;
  for (const example of Object.values(copy.components.examples ?? {}) as OpenAPIV3_1.ExampleObject[]) {
    if (typeof example.externalValue !== 'string') continue;
    const value = await readExternalValue(example.externalValue, source);
    if (value === undefined) continue;
    example.value = value;
    delete example.externalValue;
  }
  return copy;
}

/** The spec as YAML: its own file's text when it was read from one, else the document written as YAML. */
export function specYaml(api: ApiDescription): string {
  if (api.sourcePath !== undefined) return readFileSync(api.sourcePath, 'utf8');
  return (createRequire(import.meta.url)('yaml') as typeof Yaml).stringify(api.doc);
}
