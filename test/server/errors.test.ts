import { readFileSync } from 'node:fs';
import type { InjectOptions } from 'fastify';
import t, { type Test } from 'tap';
import { describeSpec } from '../../src/openapi/describe.js';
import { createErrorRegistry, ERROR_KINDS, forcedError } from '../../src/errors.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { AUTH, answer, ENDPOINT, fake, post, type Answer } from '../helpers/fake.js';
import { api, spec } from '../helpers/spec.js';

const validateResponse = createResponseValidator(api);
const app = fake();
t.teardown(() => app.close());

/** Every error answer: the spec's envelope for its status, data null, a UUID request id. */
function assertEnvelope(t: Test, result: Answer, status: number, code: number, message: RegExp): void {
  t.equal(result.status, status, `status ${status}: ${result.body}`);
  t.match(result.headers['content-type'], /^application\/json/);
  t.equal(result.json.code, code);
  t.match(result.json.message, message);
  t.same(validateResponse(status, result.json), { valid: true, errors: [] }, 'valid against the spec');
}

/** The vendor page's request example, verbatim: `#` comment lines and trailing commas included. */
const vendorPageExample = readFileSync(new URL('../../fixtures/vendor-page-request-example.txt', import.meta.url), 'utf8');

t.test("the registry reads each status's vendor code from the spec", async (t) => {
  const registry = createErrorRegistry(api);
  t.same(Object.fromEntries(Object.entries(registry).map(([kind, d]) => [kind, [d.status, d.code]])), {
    invalidParameter: [400, 10001],
    noAccessPermission: [401, 30001],
    dataLimitExceeded: [403, 30002],
    resourceNotFound: [404, 20001],
    methodNotAllowed: [405, 20001],
    requestTimeout: [408, 10001],
    payloadTooLarge: [413, 10001],
    unsupportedMediaType: [415, 10001],
    headersTooLarge: [431, 10001],
    accessFrequencyLimitExceeded: [429, 30003],
    serviceError: [500, 40001],
  });
  t.same(Object.keys(ERROR_KINDS), Object.keys(registry));
  const broken = structuredClone(spec);
  const serviceError = broken.components.responses?.['ServiceError'] as { content: Record<string, { schema: unknown }> };
  (serviceError.content['application/json'] as { schema: unknown }).schema = { $ref: '#/components/schemas/ErrorEnvelope' };
  t.throws(() => createErrorRegistry(describeSpec(broken)), /no vendor code for HTTP 500/);
});

t.test('auth is checked before the body, and never echoes the token', async (t) => {
  assertEnvelope(
    t,
    await post(app, '{broken', {}),
    401,
    30001,
    /^No credentials: send "Authorization: Bearer <api key>", or the signed query parameters/,
  );
  assertEnvelope(t, await post(app, {}, { authorization: '' }), 401, 30001, /^No credentials/);
  assertEnvelope(
    t,
    await post(app, {}, { authorization: 'Basic dXNlcjpwYXNz' }),
    401,
    30001,
    /scheme must be Bearer: got the Basic scheme\./,
  );
  assertEnvelope(t, await post(app, {}, { authorization: 'token Zm9vYmFy' }), 401, 30001, /got the Token scheme/);
  for (const key of ['QzX9canaryKeyWithoutScheme', 'QzX9canary two-words', 'QzX9é']) {
    const bare = await post(app, {}, { authorization: key });
    assertEnvelope(t, bare, 401, 30001, /scheme must be Bearer: got a value without the Bearer scheme \(not shown/);
    t.notMatch(bare.body, /QzX|anary/, 'no part of a key sent without a scheme is quoted');
  }
  assertEnvelope(t, await post(app, {}, { authorization: 'Bearer' }), 401, 30001, /token is empty/);
  const odd = await post(app, {}, { authorization: 'Bearer sec ret' });
  assertEnvelope(t, odd, 401, 30001, /malformed/);
  t.notMatch(odd.body, /sec ret/);
  assertEnvelope(t, await post(app, {}, { authorization: `Bearer ${'a'.repeat(600)}` }), 401, 30001, /malformed/);
  t.equal((await post(app, {}, { authorization: 'bearer lower-case-scheme' })).status, 200, 'scheme is case-insensitive');
});

t.test('with --token, only the listed tokens pass', async (t) => {
  const locked = fake({ tokens: ['alpha-1', 'beta-2'] });
  t.teardown(() => locked.close());
  t.equal((await post(locked, {}, { authorization: 'Bearer alpha-1' })).status, 200);
  t.equal((await post(locked, {}, { authorization: 'Bearer beta-2' })).status, 200);
  const refused = await post(locked, {}, { authorization: 'Bearer alpha-2' });
  assertEnvelope(t, refused, 401, 30001, /not accepted by this server/);
  t.notMatch(refused.body, /alpha/);
});

t.test('malformed bodies get 10001 naming the problem, never a 5xx', async (t) => {
  t.ok(vendorPageExample?.includes('# "date_info"'), 'the vendor page example, with its # comments');
  assertEnvelope(
    t,
    await post(app, vendorPageExample),
    400,
    10001,
    /^Request body is not valid JSON: .*no comments, no trailing commas\.$/,
  );
  assertEnvelope(t, await post(app, '{"page": 1,}'), 400, 10001, /not valid JSON/);
  assertEnvelope(t, await post(app, '{"page": 1'), 400, 10001, /not valid JSON/);
  assertEnvelope(t, await post(app, 'null'), 400, 10001, /^body must be an object: got null/);
  assertEnvelope(t, await post(app, '[1,2]'), 400, 10001, /^body must be an object: got array/);
  assertEnvelope(t, await post(app, '"text"'), 400, 10001, /^body must be an object: got string/);
  assertEnvelope(t, await post(app, `${'['.repeat(20)}${']'.repeat(20)}`), 400, 10001, /nests deeper than 16 levels/);
  assertEnvelope(
    t,
    await post(app, `{"filter":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`),
    413,
    10001,
    /too large: the limit is 65536 bytes/,
  );
  assertEnvelope(t, await post(app, `{"filter":{"region":${'['.repeat(9000)}${']'.repeat(9000)}}}`), 400, 10001, /nests deeper/);
});

t.test('__proto__ and constructor keys are refused by name and pollute nothing', async (t) => {
  assertEnvelope(t, await post(app, '{"__proto__": {"polluted": true}}'), 400, 10001, /^__proto__ is not allowed/);
  assertEnvelope(
    t,
    await post(app, '{"filter": {"constructor": {"prototype": {"polluted": true}}}}'),
    400,
    10001,
    /^filter\.constructor is not allowed/,
  );
  assertEnvelope(t, await post(app, '{"filter": {"__proto__": {"region": "XX"}}}'), 400, 10001, /^filter\.__proto__ is not allowed/);
  t.equal(({} as Record<string, unknown>)['polluted'], undefined);
  t.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
});

t.test('wrong content types, methods and paths', async (t) => {
  const send = async (options: InjectOptions) => answer(await app.inject(options));
  assertEnvelope(
    t,
    await send({ method: 'POST', url: ENDPOINT, headers: { ...AUTH, 'content-type': 'text/plain' }, payload: '{}' }),
    415,
    10001,
    /Content-Type "text\/plain" is not supported/,
  );
  assertEnvelope(
    t,
    await send({
      method: 'POST',
      url: ENDPOINT,
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'page=1',
    }),
    415,
    10001,
    /urlencoded/,
  );
  assertEnvelope(
    t,
    await send({ method: 'POST', url: ENDPOINT, headers: AUTH, payload: Buffer.from('{}') }),
    415,
    10001,
    /Content-Type is missing/,
  );
  const charset = await send({
    method: 'POST',
    url: ENDPOINT,
    headers: { ...AUTH, 'content-type': 'application/json; charset=utf-8' },
    payload: '{}',
  });
  t.equal(charset.status, 200);
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD'] as const) {
    const response = await app.inject({ method, url: ENDPOINT, headers: AUTH });
    t.equal(response.statusCode, 405, method);
    t.equal(response.headers['allow'], 'POST');
    if (method !== 'HEAD')
      assertEnvelope(t, answer(response), 405, 20001, new RegExp(`^Method ${method} is not allowed on ${ENDPOINT}: use POST\\.$`));
  }
  assertEnvelope(
    t,
    await send({ method: 'POST', url: '/creator/v1/rank/topPotentail', headers: AUTH }),
    404,
    20001,
    /topPotentail does not exist\. The endpoint is POST \/creator\/v1\/rank\/topPotential\./,
  );
  assertEnvelope(t, await send({ method: 'GET', url: '/' }), 404, 20001, /GET \/ does not exist/);
  assertEnvelope(t, await send({ method: 'POST', url: '/creator/v1/rank/%zz', headers: AUTH }), 400, 10001, /^Request is malformed: .*%zz/);
});

t.test('other framework errors become 10001 envelopes too', async (t) => {
  const response = await app.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { ...AUTH, 'content-type': 'application/json', 'content-length': '50' },
    payload: '{}',
  });
  assertEnvelope(t, answer(response), 400, 10001, /^Request is malformed: /);
});

t.test('bad options are refused when the server is built', async (t) => {
  t.throws(() => fake({ seed: 1.5 }), /seed must be an integer, got 1\.5/);
  t.throws(() => fake({ now: new Date('nope') }), /now is not a valid date/);
});

t.test('an empty body with a JSON content type means no body', async (t) => {
  const empty = await post(app, '');
  t.equal(empty.status, 200);
  t.same(empty.json.data, (await post(app, {})).json.data);
});

t.test('a failure inside the handler is a 40001 envelope, logged, and the server goes on', async (t) => {
  let fail = true;
  const broken = fake({
    now: () => {
      if (fail) {
        fail = false;
        throw new Error('the clock broke');
      }
      return new Date('2026-11-25T00:00:00Z');
    },
  });
  t.teardown(() => broken.close());
  const result = await post(broken, {});
  assertEnvelope(t, result, 500, 40001, /^Service error: .*the request itself was valid\.$/);
  t.equal((await post(broken, {})).status, 200, 'the next request is answered');
});

t.test('after every kind of bad request, a valid one still gets the right answer', async (t) => {
  const fresh = fake();
  t.teardown(() => fresh.close());
  const reference = (await post(fresh, { filter: { region: 'US' } })).body;
  for (const bad of ['{', 'null', '{"__proto__":{}}', `${'['.repeat(40)}${']'.repeat(40)}`, '{"page":0}']) await post(app, bad);
  t.equal((await post(app, { filter: { region: 'US' } })).body, reference);
});

t.test('each vendor code is forced as exactly one kind, and no entry of the registry is unreachable', async (t) => {
  const registry = createErrorRegistry(api);
  const codes = spec.components.schemas['ErrorCode']?.enum as number[];
  const forcible = (Object.keys(ERROR_KINDS) as (keyof typeof ERROR_KINDS)[]).filter((kind) => 'forced' in ERROR_KINDS[kind]);
  t.same(forcible.map((kind) => registry[kind].code).sort(), [...codes].sort(), 'one forcible kind per code, no two with the same code');
  t.same(
    codes.map((code) => forcedError(registry, code)?.kind),
    ['invalidParameter', 'resourceNotFound', 'noAccessPermission', 'dataLimitExceeded', 'accessFrequencyLimitExceeded', 'serviceError'],
  );
  t.equal(forcedError(registry, 12345), undefined);
  t.equal(
    forcedError(registry, 30003)?.message(7),
    'Access frequency limit exceeded: too many calls with this token. Retry after 7 second(s). Forced by "Prefer: code=30003".',
  );
  const notForcible = (Object.keys(ERROR_KINDS) as (keyof typeof ERROR_KINDS)[]).filter((kind) => !forcible.includes(kind));
  t.same(
    notForcible,
    ['methodNotAllowed', 'requestTimeout', 'payloadTooLarge', 'unsupportedMediaType', 'headersTooLarge'],
    'the rest are answered by the server itself',
  );
});
