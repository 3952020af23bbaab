import { createRequire } from 'node:module';
import type { CodeOptions } from 'ajv';
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { SpecDocument } from './load-spec.js';
import { componentSchemaDocument, type JsonSchema } from './json-schema.js';

/** ajv is loaded on first use: the built server uses the request validator precompiled from it instead. */
const require = createRequire(import.meta.url);

export interface SpecAjvOptions {
  /** Collect every error instead of stopping at the first (the contract suite wants all of them). */
  readonly allErrors?: boolean;
  /** Derives another view of every component schema (the contract suite's strict view), applied before compiling. */
  readonly transform?: (schema: JsonSchema) => JsonSchema;
  /** ajv's code generation options (the build sets `source`, to write the validator out as standalone code). */
  readonly code?: CodeOptions;
}

/**
 * An ajv instance that knows the spec's component schemas. Strict on purpose: no coercion of types, no removal
 * of unknown members, no defaults written into the data; unknown keywords in the spec are an error.
 */
export function createSpecAjv(doc: SpecDocument, options: SpecAjvOptions = {}): Ajv2020 {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  const ajv = new Ajv2020({
    allErrors: options.allErrors ?? false,
    verbose: true,
    strict: true,
    strictTypes: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    ...(options.code === undefined ? {} : { code: options.code }),
  });
  addFormats(ajv);
  ajv.addSchema(componentSchemaDocument(doc, options.transform));
  return ajv;
}
