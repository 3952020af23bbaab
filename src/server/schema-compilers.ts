import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';
import type { ApiDescription } from '../openapi/describe.js';
import type { SpecDocument } from '../openapi/load-spec.js';
import { ARTEFACTS, precompiledModule, sha256, type Stamped } from '../openapi/precompiled.js';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
export type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
export type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
export type Serializer = ReturnType<ReturnType<SerializerFactory>>;

/**
 * What the build writes as ARTEFACTS.serializers: fast-json-stringify's standalone code for every schema the fake's
 * route compiled, keyed by the schema's JSON. `build` takes the require that finds fast-json-stringify's runtime
 * (lib/serializer) where Fastify finds it.
 */
export interface PrecompiledSerializers extends Stamped {
  /** serializerInputsSha256 of what the serializers were compiled with. */
  readonly inputsSha256: string;
  readonly build: (require: NodeJS.Require) => ReadonlyMap<string, Serializer>;
}

/** Requires a module the way Fastify does (its own compilers are not dependencies of this package). */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));

/** Requires a module the way Fastify's serializer compiler does: it is what finds fast-json-stringify. */
function serializerCompilerRequire(): NodeJS.Require {
  return createRequire(fastifyRequire.resolve('@fastify/fast-json-stringify-compiler'));
}

/** Fastify's own serializer compilers (fast-json-stringify), loaded on first use. */
export const fastifySerializers: SerializerFactory = (externalSchemas, options) =>
  (fastifyRequire('@fastify/fast-json-stringify-compiler') as { SerializerSelector: () => SerializerFactory }).SerializerSelector()(
    externalSchemas,
    options,
  );

/** Fastify's own validator compilers (ajv), loaded on first use; one selector, so Fastify's ajv pool works as usual. */
function fastifyValidators(): ValidatorFactory {
  let selected: ValidatorFactory | undefined;
  return (externalSchemas, options) => {
    selected ??= (fastifyRequire('@fastify/ajv-compiler') as () => ValidatorFactory)();
    return selected(externalSchemas, options);
  };
}

/** Identifies what a serializer compiled from a schema depends on besides the schema itself. */
export function serializerInputsSha256(externalSchemas: unknown, options: unknown): string {
  const { version } = serializerCompilerRequire()('fast-json-stringify/package.json') as { version: string };
  return sha256(JSON.stringify({ externalSchemas, options: options ?? null, fastJsonStringify: version }));
}

/**
 * A serializer factory that answers with the build's precompiled serializers when they were compiled from the same
 * inputs, and compiles the way Fastify does for anything else (loading fast-json-stringify and ajv only then).
 */
export function precompiledSerializers(
  precompiled: PrecompiledSerializers | undefined,
  fallback: SerializerFactory = fastifySerializers,
): SerializerFactory {
  return (externalSchemas, options) => {
    if (precompiled === undefined || precompiled.inputsSha256 !== serializerInputsSha256(externalSchemas, options)) {
      return fallback(externalSchemas, options);
    }
    const serializers = precompiled.build(serializerCompilerRequire());
    let compile: ReturnType<SerializerFactory> | undefined;
    return (route) => {
      const found = serializers.get(JSON.stringify(route.schema));
      if (found !== undefined) return found;
      compile ??= fallback(externalSchemas, options);
      return compile(route);
    };
  };
}

/** Fastify's schemaController.compilersFactory: these serializers, and Fastify's validators loaded only if a route needs one. */
export function schemaCompilers(buildSerializer: SerializerFactory): CompilersFactory {
  return { buildValidator: fastifyValidators(), buildSerializer };
}

/** The fake's compilersFactory for a spec: the build's precompiled serializers when they are the spec's and current, else Fastify's. */
export function compilersFor(doc: SpecDocument): CompilersFactory {
  return schemaCompilers(precompiledSerializers(precompiledModule<PrecompiledSerializers>(doc, ARTEFACTS.serializers)));
}

/** The endpoint route's schema: a response schema per documented status (what the build precompiles serializers for). */
export function routeSchema(api: ApiDescription): { readonly response: Record<string, unknown> } {
  return { response: Object.fromEntries(api.statuses.map((status) => [status, api.responseSchema(status)])) };
}
