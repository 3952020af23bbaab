import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import type * as Yaml from 'yaml';
import type { ApiDescription } from './describe.js';
import type { SpecDocument } from './load-spec.js';

/**
 * A copy of the spec's document for a page that cannot fetch files: each example kept in a file (`externalValue`)
 * inlined, resolved against the spec's own file. An example of a spec built in memory has nothing to resolve
 * against and keeps its link.
 */
export function withInlineExamples(api: ApiDescription): SpecDocument {
  const copy = structuredClone(api.doc);
  const base = api.sourcePath === undefined ? undefined : pathToFileURL(api.sourcePath);
  for (const example of Object.values(copy.components.examples ?? {}) as OpenAPIV3_1.ExampleObject[]) {
    if (example.externalValue === undefined || base === undefined) continue;
    example.value = JSON.parse(readFileSync(new URL(example.externalValue, base), 'utf8')) as unknown;
    delete example.externalValue;
  }
  return copy;
}

/** The spec as YAML: its own file's text when it was read from one, else the document written as YAML. */
export function specYaml(api: ApiDescription): string {
  if (api.sourcePath !== undefined) return readFileSync(api.sourcePath, 'utf8');
  return (createRequire(import.meta.url)('yaml') as typeof Yaml).stringify(api.doc);
}
