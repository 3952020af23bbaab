import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import t from 'tap';
import { describeSpec } from '../../src/openapi/describe.js';
import { precompile, serializerApp, serializersModule, specArtefact } from '../../scripts/precompile-artefacts.js';
import { buildFakeServer } from '../../src/server/build-fake-server.js';
import {
  fastifySerializers,
  precompiledSerializers,
  schemaCompilers,
  type PrecompiledSerializers,
  type SerializerFactory,
} from '../../src/server/schema-compilers.js';
import { createSpecAjv } from '../../src/openapi/ajv.js';
import { readSpec, SPEC_PATH, type SpecDocument } from '../../src/openapi/load-spec.js';
import { ARTEFACTS, isPrecompiled, precompiledModule, readPrecompiledSpec, sha256 } from '../../src/openapi/precompiled.js';
import { compileRequestSchema, createRequestValidator, type PrecompiledRequestValidator } from '../../src/openapi/request-validator.js';
import { badValue, validRequest } from '../helpers/arbitraries.js';
import { AUTH, ENDPOINT, NOW } from '../helpers/fake.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('precompiled-');
const result = await precompile(dir);
const runtimeDoc = readSpec();
const precompiledDoc = readPrecompiledSpec(dir, SPEC_PATH);
if (precompiledDoc === undefined) throw new Error('the artefacts just written do not match the spec');

/** A copy of the artefacts in a directory of its own, with one file's text changed. */
function variant(name: string, edit: (text: string) => string): string {
  const copy = tempDir('precompiled-variant-');
  for (const file of Object.values(ARTEFACTS)) copyFileSync(join(dir, file), join(copy, file));
  writeFileSync(join(copy, name), edit(readFileSync(join(copy, name), 'utf8')));
  return copy;
}

t.test('the build writes every artefact, every serializer precompiled', async (t) => {
  t.same(
    result.files,
    Object.values(ARTEFACTS).map((name) => join(dir, name)),
  );
  t.same(result.skipped, []);
});

t.test('the precompiled spec is the document parsed from the YAML, stamped with its sha256', async (t) => {
  t.same(precompiledDoc, runtimeDoc);
  t.equal(describeSpec(precompiledDoc).sourcePath, SPEC_PATH, 'it is published, and resolves its references, as the YAML file');
  const file = JSON.parse(readFileSync(join(dir, ARTEFACTS.spec), 'utf8')) as { specSha256: string };
  t.equal(file.specSha256, sha256(readFileSync(SPEC_PATH, 'utf8')));
});

t.test('a document from the artefacts is not walked for bounds again at start-up: the build walked it', async (t) => {
  const looped = variant(ARTEFACTS.spec, (text) => {
    const file = JSON.parse(text) as { document: { components: { schemas: Record<string, unknown> } } };
    file.document.components.schemas['Loop'] = { $ref: '#/components/schemas/Loop' };
    return JSON.stringify(file);
  });
  const fromBuild = readPrecompiledSpec(looped, SPEC_PATH);
  if (fromBuild === undefined) throw new Error('the variant is stamped for the same YAML');
  t.ok(isPrecompiled(fromBuild));
  t.notOk(isPrecompiled(runtimeDoc));
  t.doesNotThrow(() => describeSpec(fromBuild), 'not checked again');
  t.throws(
    () => describeSpec(structuredClone(fromBuild)),
    { name: 'SpecError', message: /Loop leads back to itself/ },
    'the same document from elsewhere is',
  );
});

t.test('stale or missing artefacts are not used', async (t) => {
  const edited = join(tempDir('spec-edited-'), 'openapi.yaml');
  writeFileSync(edited, `${readFileSync(SPEC_PATH, 'utf8')}\n# one more line\n`);
  t.equal(readPrecompiledSpec(dir, edited), undefined, 'a spec changed since the build');
  t.equal(readPrecompiledSpec(dir, join(dir, 'missing.yaml')), undefined, 'no spec at all (readSpec reports it)');
  t.equal(readPrecompiledSpec(join(dir, 'missing'), SPEC_PATH), undefined, 'no artefacts (running from src/)');

  t.equal(precompiledModule(runtimeDoc, ARTEFACTS.requestValidator), undefined, 'a document parsed from YAML gets none');
  const noModule = variant(ARTEFACTS.spec, (text) => text);
  const doc = readPrecompiledSpec(noModule, SPEC_PATH) as SpecDocument;
  t.ok(precompiledModule(doc, ARTEFACTS.requestValidator), 'the copy is usable as is');
  t.equal(precompiledModule(doc, 'missing.cjs'), undefined, 'a missing module');
  const staleModule = variant(ARTEFACTS.requestValidator, (text) => text.replace(/specSha256 = "[0-9a-f]+"/, 'specSha256 = "0"'));
  t.equal(
    precompiledModule(readPrecompiledSpec(staleModule, SPEC_PATH) as SpecDocument, ARTEFACTS.requestValidator),
    undefined,
    'a module of another spec',
  );
});

t.test('the precompiled request validator gives the same verdicts and the same ajv errors', async (t) => {
  const precompiled = precompiledModule<PrecompiledRequestValidator>(precompiledDoc, ARTEFACTS.requestValidator)?.validate;
  if (precompiled === undefined) throw new Error('no precompiled request validator');
  const compiled = compileRequestSchema(createSpecAjv(runtimeDoc), describeSpec(runtimeDoc));
  const bodies: unknown[] = [
    ...fc.sample(validRequest, { numRuns: 200, seed: 1 }),
    ...fc.sample(fc.record({ filter: fc.dictionary(fc.constantFrom('region', 'date_info', 'ecommerce_type', 'bogus'), badValue) }), {
      numRuns: 200,
      seed: 2,
    }),
    ...fc.sample(fc.anything(), { numRuns: 200, seed: 3 }),
    { page: '1' },
    { pagesize: 101 },
    { orderby: [{ field: 'potential_index', order: 'up' }] },
    { filter: { date_info: { type: 'day', value: '2026-02-30' } } },
    null,
    [],
  ];
  const fromArtefact = createRequestValidator(describeSpec(precompiledDoc));
  const fromYaml = createRequestValidator(describeSpec(runtimeDoc));
  const differing = bodies.filter((body) => {
    const valid = compiled(body);
    if (precompiled(body) !== valid || !isDeepStrictEqual(precompiled.errors, compiled.errors)) return true;
    return !isDeepStrictEqual(fromArtefact(body), fromYaml(body));
  });
  t.same(differing, [], `${bodies.length} bodies, ${bodies.filter((body) => fromYaml(body).ok).length} of them valid`);
});

/** Every request that reaches the route's serializers: 200s (with and without items), and each error status. */
function probes(): InjectOptions[] {
  const post = (payload: string, headers: Record<string, string> = {}): InjectOptions => ({
    method: 'POST',
    url: ENDPOINT,
    headers: { ...AUTH, 'content-type': 'application/json', ...headers },
    payload,
  });
  return [
    ...fc.sample(validRequest, { numRuns: 60, seed: 4 }).map((body) => post(JSON.stringify(body))),
    post('{"filter":{"date_info":{"type":"month","value":"2026-11"}}}'),
    post('{"page":2}', { prefer: 'empty' }),
    post('{"pagesize":0}'),
    post('{"page":'),
    post('{}', { authorization: 'Basic abc' }),
    post('{}', { 'content-type': 'text/plain' }),
    post(JSON.stringify({ filter: { region: 'x'.repeat(3_000) } })),
    ...[10001, 20001, 30001, 30002, 30003, 40001].map((code) => post('{}', { prefer: `code=${code}` })),
  ];
}

/** The fake's answers to the probes (it compiles its serializers as the sources do: there are no artefacts in src/). */
async function fakeAnswers(): Promise<{ readonly status: number; readonly contentType: string; readonly body: string }[]> {
  const app = buildFakeServer({ now: NOW, bodyLimit: 2_000 });
  const out = [];
  for (const probe of probes()) {
    const response = await app.inject(probe);
    out.push({ status: response.statusCode, contentType: String(response.headers['content-type']), body: response.body });
  }
  await app.close();
  return out;
}

/** Each answer's payload, and each item of its list, serialised again by the serializer app's serializers. */
async function reserialised(app: FastifyInstance, answers: readonly { status: number; body: string }[]): Promise<string[]> {
  const out: string[] = [];
  const send = async (probe: object): Promise<void> => {
    out.push((await app.inject({ method: 'POST', url: ENDPOINT, payload: probe })).body);
  };
  for (const { status, body } of answers) {
    const payload = JSON.parse(body) as { data?: { list?: unknown[] } | null };
    await send({ status, payload });
    for (const item of payload.data?.list ?? []) await send({ item });
  }
  await app.close();
  return out;
}

t.test('the precompiled serializers write byte for byte what Fastify compiles, and are all the fake needs', async (t) => {
  const answers = await fakeAnswers();
  t.ok(answers.filter((answer) => answer.status === 200).length > 50);
  t.same(new Set(answers.map((answer) => answer.status)), new Set([200, 400, 401, 403, 404, 413, 415, 429, 500]));
  const precompiled = precompiledModule<PrecompiledSerializers>(precompiledDoc, ARTEFACTS.serializers);
  const compiledByFastify: unknown[] = [];
  const watched: SerializerFactory = (externalSchemas, options) => {
    const compile = fastifySerializers(externalSchemas, options);
    return (route) => {
      compiledByFastify.push(route.schema);
      return compile(route);
    };
  };
  const fromArtefacts = await reserialised(serializerApp(precompiledDoc, precompiledSerializers(precompiled, watched)), answers);
  const fromFastify = await reserialised(serializerApp(runtimeDoc, fastifySerializers), answers);
  t.same(compiledByFastify, [], 'no schema left to Fastify');
  t.ok(fromArtefacts.length > 400, `${fromArtefacts.length} envelopes and items`);
  t.same(fromArtefacts, fromFastify);
  const routeAnswers = answers.filter((answer) => answer.contentType.startsWith('application/json')).map((answer) => answer.body);
  t.same(
    fromFastify.filter((body) => body.startsWith('{"code"')),
    routeAnswers,
    'and what the fake answered, envelope for envelope',
  );
});

t.test('serializers compiled from other inputs, or for other schemas, are left to Fastify', async (t) => {
  const precompiled = precompiledModule<PrecompiledSerializers>(precompiledDoc, ARTEFACTS.serializers) as PrecompiledSerializers;
  const calls: string[] = [];
  const fallback: SerializerFactory = (externalSchemas, options) => {
    calls.push('factory');
    const compile = fastifySerializers(externalSchemas, options);
    return (route) => {
      calls.push(JSON.stringify(route.schema));
      return compile(route);
    };
  };
  const route = { method: 'POST', url: ENDPOINT, httpStatus: '200' };
  precompiledSerializers(undefined, fallback)({}, {});
  precompiledSerializers(precompiled, fallback)({}, {});
  t.same(calls, ['factory', 'factory'], 'no artefact, and an artefact compiled against other shared schemas');

  calls.length = 0;
  const app = serializerApp(precompiledDoc, precompiledSerializers(precompiled, fallback));
  await app.ready();
  const externalSchemas = app.getSchemas();
  await app.close();
  t.same(calls, [], "the route's own schemas are all precompiled");
  const factory = precompiledSerializers(precompiled, fallback)(externalSchemas, undefined);
  const other = { type: 'object', properties: { a: { type: 'string' } } };
  t.equal(factory({ ...route, schema: other })({ a: 1 }), '{"a":"1"}');
  t.equal(factory({ ...route, schema: other })({ a: 'x' }), '{"a":"x"}');
  t.same(calls, ['factory', JSON.stringify(other), JSON.stringify(other)], 'Fastify compiles the unknown schema (its factory made once)');
});

t.test("Fastify's validators are still there for a route that has a body schema", async (t) => {
  const app = Fastify({ schemaController: { compilersFactory: schemaCompilers(fastifySerializers) } });
  app.post('/', { schema: { body: { type: 'object', required: ['a'] } } }, async () => ({ ok: true }));
  t.equal((await app.inject({ method: 'POST', url: '/', payload: { a: 1 } })).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: '/', payload: {} })).statusCode, 400);
  t.equal((await app.inject({ method: 'POST', url: '/', payload: {} })).statusCode, 400, 'the compiled validator is reused');
  await app.close();
});

t.test('the build refuses what it cannot precompile faithfully', async (t) => {
  t.throws(
    () => specArtefact({ ...runtimeDoc, info: { ...runtimeDoc.info, date: new Date(0) } as never }, 'x'),
    /does not survive a JSON round trip/,
  );
  const plain = "const Serializer = require('fast-json-stringify/lib/serializer')\nmodule.exports = () => '1'";
  const validating = `${plain}\nconst Validator = require('fast-json-stringify/lib/validator')`;
  const { code, skipped } = serializersModule(
    's',
    'i',
    new Map([
      ['{"a":1}', plain],
      ['{"b":2}', validating],
    ]),
  );
  t.same(
    skipped,
    ['{"b":2}: it requires fast-json-stringify/lib/validator at run time'],
    'a serializer that would load ajv is left to Fastify',
  );
  t.match(code, /\["\{\\"a\\":1\}", \(function \(module\)/);
  t.notMatch(code, /lib\/validator/);
});
