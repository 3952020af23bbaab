import { SpecError } from './spec-error.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import type * as Yaml from 'yaml';
import { PRECOMPILED_DIR, readPrecompiledSpec, rememberSource, sha256 } from './precompiled.js';

/** yaml is loaded only when the spec is parsed, which the built server skips while its precompiled spec is current. */
const require = createRequire(import.meta.url);

/** Absolute path of spec/openapi.yaml; the same from src/ (tests) and dist/ (built CLI). */
export const SPEC_PATH = fileURLToPath(new URL('../../spec/openapi.yaml', import.meta.url));

export type SpecDocument = OpenAPIV3_1.Document & {
  paths: OpenAPIV3_1.PathsObject;
  components: OpenAPIV3_1.ComponentsObject & { schemas: Record<string, OpenAPIV3_1.SchemaObject> };
};

/** Reads and parses an OpenAPI 3.1 document, failing with a message that says what is wrong with it. */
export function readSpec(path: string = SPEC_PATH): SpecDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SpecError(`Failed to read the spec at ${path}: ${(error as Error).message}. Make sure the file exists.`);
  }
  let doc: unknown;
  try {
    doc = (require('yaml') as typeof Yaml).parse(text);
  } catch (error) {
    throw new SpecError(`Failed to parse the spec at ${path}: ${(error as Error).message}. Make sure it is valid YAML.`);
  }
  const spec = assertSpecShape(doc, `at ${path}`);
  rememberSource(spec, { path, sha256: sha256(text) });
  return spec;
}

/** The document, when it has what every use of it relies on; `where` names it in the message ("at PATH", "given as a document"). */
export function assertSpecShape(doc: unknown, where: string): SpecDocument {
  const fail = (why: string): never => {
    throw new SpecError(`The spec ${where} is not usable: ${why}.`);
  };
  if (typeof doc !== 'object' || doc === null) return fail('it is not a YAML mapping');
  const candidate = doc as Partial<OpenAPIV3_1.Document>;
  if (typeof candidate.openapi !== 'string' || !candidate.openapi.startsWith('3.1')) {
    return fail(`"openapi" must be 3.1.x, got ${JSON.stringify(candidate.openapi)}`);
  }
  if (!candidate.paths || Object.keys(candidate.paths).length === 0) return fail('it has no paths');
  if (!candidate.components?.schemas) return fail('it has no components.schemas');
  return candidate as SpecDocument;
}

let cached: SpecDocument | undefined;

/** The kit's own spec, read once per process: from the build's precompiled JSON while it matches the YAML, else parsed. */
export function loadSpec(): SpecDocument {
  cached ??= readPrecompiledSpec(PRECOMPILED_DIR, SPEC_PATH) ?? readSpec();
  return cached;
}
