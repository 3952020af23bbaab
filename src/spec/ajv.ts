import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { SpecDocument } from './load-spec.js';
import { componentSchemaDocument, type JsonSchema } from './json-schema.js';

const addFormats = addFormatsModule.default;

export interface SpecAjvOptions {
  /** Collect every error instead of stopping at the first (the contract suite wants all of them). */
  readonly allErrors?: boolean;
  /** Derives another view of every component schema (the contract suite's strict view), applied before compiling. */
  readonly transform?: (schema: JsonSchema) => JsonSchema;
}

/**
 * An ajv instance that knows the spec's component schemas. Strict on purpose: no coercion of types, no removal
 * of unknown members, no defaults written into the data; unknown keywords in the spec are an error.
 */
export function createSpecAjv(doc: SpecDocument, options: SpecAjvOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: options.allErrors ?? false,
    verbose: true,
    strict: true,
    strictTypes: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
  });
  addFormats(ajv);
  ajv.addSchema(componentSchemaDocument(doc, options.transform));
  return ajv;
}
