import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecDocument } from './load-spec.js';

/**
 * Where `npm run build` writes what it derives from the spec (scripts/precompile.ts): dist/precompiled/, beside the
 * built modules. From src/ (tsx, the tests) the same path points into src/, where there is none.
 */
export const PRECOMPILED_DIR = fileURLToPath(new URL('../precompiled/', import.meta.url));

/** The artefacts' file names. The modules are CommonJS so that they load synchronously (createRequire). */
export const ARTEFACTS = {
  spec: 'spec.json',
  requestValidator: 'request-validator.cjs',
  serializers: 'serializers.cjs',
} as const;

/** Every artefact carries the sha256 of the exact YAML text it was derived from. */
export interface Stamped {
  readonly specSha256: string;
}

export interface PrecompiledSpecFile extends Stamped {
  readonly document: SpecDocument;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const require = createRequire(import.meta.url);

/** The file a document was read from, as it was named, and the sha256 of the text read. */
export interface SpecSource {
  readonly path: string;
  readonly sha256: string;
}

/** Where each document read from a file came from (a spec's relative references resolve against it). */
const sources = new WeakMap<SpecDocument, SpecSource>();

export function rememberSource(doc: SpecDocument, source: SpecSource): void {
  sources.set(doc, source);
}

/** The file a document was read from; undefined for a document built in memory. */
export const specSource = (doc: SpecDocument): SpecSource | undefined => sources.get(doc);

/** Where each document read from artefacts came from, so that the other artefacts are used only with that document. */
const provenance = new WeakMap<SpecDocument, { readonly dir: string; readonly specSha256: string }>();

/** A file's text, or undefined when it cannot be read (no build artefacts, e.g. running from src/). */
export function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The spec document precompiled in `dir`, when its stamp matches the YAML at `specPath` as it is now; undefined when
 * there are no artefacts or they are stale (the caller then parses the YAML).
 */
export function readPrecompiledSpec(dir: string, specPath: string): SpecDocument | undefined {
  const json = readOptional(join(dir, ARTEFACTS.spec));
  const yaml = readOptional(specPath);
  if (json === undefined || yaml === undefined) return undefined;
  const file = JSON.parse(json) as PrecompiledSpecFile;
  const specSha256 = sha256(yaml);
  if (file.specSha256 !== specSha256) return undefined;
  provenance.set(file.document, { dir, specSha256 });
  rememberSource(file.document, { path: specPath, sha256: specSha256 });
  return file.document;
}

/** True for a document read by readPrecompiledSpec: the build derived everything from it, describeSpec first. */
export const isPrecompiled = (doc: SpecDocument): boolean => provenance.has(doc);

/**
 * The precompiled module `name` for `doc`: only when `doc` itself was read by readPrecompiledSpec and the module
 * carries the same stamp. Undefined for any other document (a test's variant, one parsed from YAML) or a missing or
 * stale module.
 */
export function precompiledModule<T extends Stamped>(doc: SpecDocument, name: string): T | undefined {
  const from = provenance.get(doc);
  if (from === undefined) return undefined;
  let loaded: T;
  try {
    loaded = require(join(from.dir, name)) as T;
  } catch {
    return undefined;
  }
  return loaded.specSha256 === from.specSha256 ? loaded : undefined;
}
