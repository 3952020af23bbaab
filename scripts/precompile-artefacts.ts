import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { _ } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { JSON_CONTENT_TYPE, RANKING_ITEM_SCHEMA } from '../src/server/ranking-serializer.js';
import {
  fastifySerializers,
  routeSchema,
  schemaCompilers,
  serializerInputsSha256,
  type SerializerFactory,
} from '../src/server/schema-compilers.js';
import { createSpecAjv } from '../src/openapi/ajv.js';
import { describeSpec } from '../src/openapi/describe.js';
import { componentRef, componentSchemaDocument } from '../src/openapi/json-schema.js';
import { readSpec, SPEC_PATH, type SpecDocument } from '../src/openapi/load-spec.js';
import { ARTEFACTS, sha256, type PrecompiledSpecFile } from '../src/openapi/precompiled.js';
import { compileRequestSchema } from '../src/openapi/request-validator.js';

export interface PrecompileResult {
  /** The files written, absolute. */
  readonly files: readonly string[];
  /** Serializers left to Fastify at run time, with why. */
  readonly skipped: readonly string[];
}

/** The one module fast-json-stringify's standalone code may need: its runtime, which loads neither ajv nor its index.js. */
const SERIALIZER_RUNTIME = 'fast-json-stringify/lib/serializer';

/** The spec as the JSON artefact; throws when JSON cannot carry the parsed YAML exactly (a date, an infinity...). */
export function specArtefact(doc: SpecDocument, specSha256: string): string {
  const json = JSON.stringify({ specSha256, document: doc } satisfies PrecompiledSpecFile);
  if (!isDeepStrictEqual((JSON.parse(json) as PrecompiledSpecFile).document, doc)) {
    throw new Error('The spec does not survive a JSON round trip (a YAML date, .inf or the like?): it cannot be precompiled.');
  }
  return json;
}

/** CommonJS code that runs one standalone module's code in a scope of its own (with the enclosing `require`) and yields its module.exports. */
function moduleValue(code: string): string {
  return `(function (module) {\n${code}\nreturn module.exports;\n})({ exports: {} })`;
}

/** The request validator as ajv standalone code: the same ajv options and schema as createRequestValidator's. */
function requestValidatorArtefact(doc: SpecDocument, specSha256: string): string {
  const ajv = createSpecAjv(doc, { code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  const code = standalone.default(ajv, compileRequestSchema(ajv, describeSpec(doc)));
  return `'use strict';\nexports.specSha256 = ${JSON.stringify(specSha256)};\nexports.validate = ${moduleValue(code)};\n`;
}

/** Why standalone serializer code cannot be used as is, or undefined when it needs nothing but the serializer runtime. */
function serializerCodeProblem(code: string): string | undefined {
  const needs = [...code.matchAll(/require\((['"])([^'"]+)\1\)/g)].map((match) => match[2]).filter((name) => name !== SERIALIZER_RUNTIME);
  return needs.length === 0 ? undefined : `it requires ${needs.join(', ')} at run time`;
}

/**
 * The serializers artefact from standalone codes by schema key. A serializer that needs more than the serializer runtime
 * (fast-json-stringify's validator, hence ajv, for anyOf and the like) is left out: Fastify compiles it at start-up.
 */
export function serializersModule(
  specSha256: string,
  inputsSha256: string | undefined,
  codes: ReadonlyMap<string, string>,
): { code: string; skipped: string[] } {
  const entries: string[] = [];
  const skipped: string[] = [];
  for (const [key, code] of codes) {
    const problem = serializerCodeProblem(code);
    if (problem === undefined) entries.push(`[${JSON.stringify(key)}, ${moduleValue(code)}]`);
    else skipped.push(`${key}: ${problem}`);
  }
  const code =
    `'use strict';\nexports.specSha256 = ${JSON.stringify(specSha256)};\nexports.inputsSha256 = ${JSON.stringify(inputsSha256)};\n` +
    `exports.build = function (require) {\nreturn new Map([\n${entries.join(',\n')}\n]);\n};\n`;
  return { code, skipped };
}

interface RecordedSerializers {
  inputsSha256?: string;
  readonly codes: Map<string, string>;
}

/**
 * Fastify's serializer factory, recording the standalone code of everything it compiles. Compiles as usual too, so the
 * app it serves answers normally.
 */
function recordingSerializers(recorded: RecordedSerializers): SerializerFactory {
  return (externalSchemas, options) => {
    recorded.inputsSha256 = serializerInputsSha256(externalSchemas, options);
    const toCode = fastifySerializers(externalSchemas, { ...options, mode: 'standalone' }) as unknown as (route: {
      schema?: unknown;
    }) => string;
    const compile = fastifySerializers(externalSchemas, options);
    return (route) => {
      recorded.codes.set(JSON.stringify(route.schema), toCode(route));
      return compile(route);
    };
  };
}

/** What the serializer app answers: `payload` through the route's serializer for `status`, or `item` through the item serializer. */
export interface SerializerProbe {
  readonly status?: number;
  readonly payload?: unknown;
  readonly item?: unknown;
}

/**
 * A bare Fastify app that compiles with `serializers` exactly what the fake compiles: the endpoint route's response
 * schemas and the ranking's item schema, against the spec's components. POST a SerializerProbe to the endpoint's
 * path to have one of them serialise a value. The fake's own route is not needed for that, nor built.
 */
export function serializerApp(doc: SpecDocument, serializers: SerializerFactory): FastifyInstance {
  const api = describeSpec(doc);
  const app = Fastify({ schemaController: { compilersFactory: schemaCompilers(serializers) } });
  app.addSchema(componentSchemaDocument(doc));
  app.post(api.path, { schema: routeSchema(api) }, async (request, reply) => {
    const { status = 200, payload, item } = request.body as SerializerProbe;
    if (item !== undefined)
      return reply
        .type(JSON_CONTENT_TYPE)
        .send(reply.compileSerializationSchema(componentRef(RANKING_ITEM_SCHEMA))(item as Record<string, unknown>));
    return reply.code(status).send(payload);
  });
  return app;
}

/** Standalone code of every serializer the fake compiles, keyed by each schema's JSON as Fastify hands it over. */
async function serializersArtefact(doc: SpecDocument, specSha256: string): Promise<{ code: string; skipped: string[] }> {
  const recorded: RecordedSerializers = { codes: new Map() };
  const app = serializerApp(doc, recordingSerializers(recorded));
  try {
    await app.inject({ method: 'POST', url: describeSpec(doc).path, payload: { item: {} } });
  } finally {
    await app.close();
  }
  return serializersModule(specSha256, recorded.inputsSha256, recorded.codes);
}

/**
 * Writes everything the fake derives at start-up from spec/openapi.yaml into `outDir`, each stamped with the YAML's
 * sha256.
 */
export async function precompile(outDir: string): Promise<PrecompileResult> {
  const specSha256 = sha256(readFileSync(SPEC_PATH, 'utf8'));
  const doc = readSpec();
  const serializers = await serializersArtefact(doc, specSha256);
  const contents: Record<string, string> = {
    [ARTEFACTS.spec]: specArtefact(doc, specSha256),
    [ARTEFACTS.requestValidator]: requestValidatorArtefact(doc, specSha256),
    [ARTEFACTS.serializers]: serializers.code,
  };
  mkdirSync(outDir, { recursive: true });
  const files = Object.entries(contents).map(([name, text]) => {
    const file = join(outDir, name);
    writeFileSync(file, text);
    return file;
  });
  return { files, skipped: serializers.skipped };
}
