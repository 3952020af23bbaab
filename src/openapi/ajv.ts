import { createRequire } from 'node:module';
import type { CodeOptions, Options } from 'ajv';
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
  const ajv = formatsAjv({
    allErrors: options.allErrors ?? false,
    verbose: true,
    strict: true,
    strictTypes: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    code: { ...options.code, process: chain(appendErrorsInPlace, options.code?.process) },
  });
  ajv.addSchema(componentSchemaDocument(doc, options.transform));
  return ajv;
}

/** An ajv (JSON Schema 2020-12) that knows ajv-formats' formats. */
export function formatsAjv(options: Options): Ajv2020 {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
  const ajv = new Ajv2020(options);
  (require('ajv-formats') as typeof import('ajv-formats')).default(ajv);
  return ajv;
}

type Process = NonNullable<CodeOptions['process']>;
const chain =
  (first: Process, then: Process | undefined): Process =>
  (code, schema) =>
    then === undefined ? first(code, schema) : then(first(code, schema), schema);

/**
 * ajv's generated code adds the errors of a subschema compiled as its own function (a `$ref`, such as a list's item
 * schema) with `vErrors = vErrors === null ? f.errors : vErrors.concat(f.errors)`: a copy of every error found so far,
 * once per failing item, so that validating N failing items costs N^2 (10,000 items, each missing its members: 50 s).
 * This rewrites each such statement to push the new errors onto the array in place, linear in the errors. The statement
 * is ajv's own text, from its `$ref` and function-keyword code (ajv 8: vocabularies/core/ref.js, compile/validate/keyword.js);
 * test/openapi/response-validator-cost.test.ts fails if an ajv upgrade writes it otherwise.
 */
export function appendErrorsInPlace(code: string): string {
  return code.replace(
    /\bvErrors = vErrors === null \? ([\w$]+(?:\.[\w$]+)*) : vErrors\.concat\(\1\);/g,
    (_statement, errors: string) =>
      `if (vErrors === null) vErrors = ${errors}.slice(); else for (let i$ = 0; i$ < ${errors}.length; i$++) vErrors.push(${errors}[i$]);`,
  );
}
