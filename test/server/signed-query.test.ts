import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { createAuthenticator } from '../../src/server/auth.js';
import { buildFakeServer } from '../../src/server/build-fake-server.js';
import { redactingLogger } from '../../src/server/log-fields.js';
import { answer, AUTH, ENDPOINT, fake, NOW } from '../helpers/fake.js';

/** The vendor guide's shape: POST <path>?client_id=...&access_token=...&timestamp=...&sign=... */
const NOW_S = Math.floor(NOW.getTime() / 1000);
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const GUIDE = { client_id: `client-${hex(6)}`, access_token: `token-${hex(12)}`, timestamp: String(NOW_S - 42), sign: hex(32) };
type Query = Record<string, string | readonly string[] | undefined>;

function url(query: Query, path = ENDPOINT): string {
  const parts = Object.entries(query).flatMap(([name, value]) =>
    value === undefined
      ? []
      : (typeof value === 'string' ? [value] : value).map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`),
  );
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`;
}

async function signed(app: FastifyInstance, query: Query, headers: Record<string, string> = {}, body = '{"pagesize":2}') {
  return answer(
    await app.inject({ method: 'POST', url: url(query), headers: { 'content-type': 'application/json', ...headers }, payload: body }),
  );
}

/** A 401/30001 whose message matches and holds none of the query's values. */
function refused(t: Test, result: Awaited<ReturnType<typeof signed>>, message: RegExp, query: Query): void {
  t.equal(result.status, 401);
  t.equal(result.json.code, 30001);
  t.match(result.json.message, message);
  for (const value of Object.values(query).flat())
    if (value !== undefined && value.length > 3) t.notOk(result.body.includes(value), 'no value echoed');
}

const app = fake();
t.teardown(() => app.close());

t.test("the guide's example shape is accepted and answers like Bearer does", async (t) => {
  const viaQuery = await signed(app, GUIDE);
  const viaBearer = answer(
    await app.inject({
      method: 'POST',
      url: ENDPOINT,
      headers: { ...AUTH, 'content-type': 'application/json' },
      payload: '{"pagesize":2}',
    }),
  );
  t.equal(viaQuery.status, 200);
  t.same(viaQuery.json.data, viaBearer.json.data, 'the same page');
  t.equal((await signed(app, { ...GUIDE, signature_version: '2' })).status, 200, "the Chinese guide's signature_version");
  t.equal((await signed(app, { ...GUIDE, lang: 'en', x: '' })).status, 200, 'unknown query parameters are ignored');
  for (const length of [32, 40, 64, 128])
    t.equal((await signed(app, { ...GUIDE, sign: 'aB'.repeat(length / 2) })).status, 200, `a ${length}-digit digest`);
});

t.test('each missing, repeated, empty or malformed parameter is refused by name, its value never echoed', async (t) => {
  for (const name of Object.keys(GUIDE) as (keyof typeof GUIDE)[]) {
    const { [name]: _dropped, ...rest } = GUIDE;
    refused(
      t,
      await signed(app, rest),
      new RegExp(`^Query parameter ${name} is missing: a signed request carries client_id, access_token, timestamp, sign together`),
      rest,
    );
    const repeated = { ...GUIDE, [name]: [GUIDE[name], GUIDE[name]] };
    refused(t, await signed(app, repeated), new RegExp(`^Query parameter ${name} is given more than once`), repeated);
    refused(t, await signed(app, { ...GUIDE, [name]: '' }), new RegExp(`^Query parameter ${name} is empty`), GUIDE);
  }
  const malformed: [keyof typeof GUIDE | 'signature_version', string, RegExp][] = [
    ['client_id', 'has space', /letters, digits and -\._~ \(at most 128/],
    ['client_id', 'c'.repeat(129), /letters, digits and -\._~ \(at most 128/],
    ['access_token', 'tok en', /letters, digits and -\._~\+\/= \(at most 512/],
    ['access_token', 't'.repeat(513), /letters, digits and -\._~\+\/= \(at most 512/],
    ['timestamp', '1776186472.5', /whole Unix seconds/],
    ['timestamp', '-1776186472', /whole Unix seconds/],
    ['timestamp', '9'.repeat(13), /whole Unix seconds/],
    ['sign', 'z'.repeat(64), /a hex digest: 32, 40, 64 or 128 hex digits/],
    ['sign', 'a'.repeat(63), /a hex digest/],
    ['signature_version', 'v2', /a positive integer, e\.g\. 2/],
    ['signature_version', '0', /a positive integer/],
  ];
  for (const [name, value, shape] of malformed) {
    const query = { ...GUIDE, [name]: value };
    refused(t, await signed(app, query), new RegExp(`^Query parameter ${name} is malformed: it must be ${shape.source}`), query);
  }
});

t.test('neither credential: one message that names both ways', async (t) => {
  refused(
    t,
    await signed(app, { lang: 'en' }),
    /^No credentials: send "Authorization: Bearer <api key>", or the signed query parameters client_id, access_token, timestamp and sign\.$/,
    {},
  );
});

t.test("the timestamp must be within the window around the fake's clock (--now respected)", async (t) => {
  for (const offset of [-300, 0, 300])
    t.equal((await signed(app, { ...GUIDE, timestamp: String(NOW_S + offset) })).status, 200, `${offset} s`);
  for (const offset of [-301, 301, -NOW_S]) {
    const query = { ...GUIDE, timestamp: String(NOW_S + offset) };
    refused(
      t,
      await signed(app, query),
      /^Query parameter timestamp is not within 300 s of the server's clock \(2026-11-25T00:00:00\.000Z\), which is set \(--now\), not the current time: sign with that clock's Unix time in seconds, or start the server with --timestamp-window off \(timestampWindowS: Infinity\) to accept any timestamp\.$/,
      query,
    );
  }
  const curl = { ...GUIDE, timestamp: String(Math.floor(Date.now() / 1000)) };
  // README's curl (timestamp=$(date +%s)) against a set clock: the way out is named.
  refused(t, await signed(app, curl), /--timestamp-window off/, curl);
  const realTime = buildFakeServer();
  t.teardown(() => realTime.close());
  const stale = { ...GUIDE, timestamp: String(NOW_S) };
  refused(
    t,
    await signed(realTime, stale),
    /^Query parameter timestamp is not within 300 s of the server's clock \([^)]+\): sign the request with the current Unix time in seconds\.$/,
    stale,
  );
  const milliseconds = { ...GUIDE, timestamp: String(NOW.getTime()) };
  refused(
    t,
    await signed(app, milliseconds),
    /^Query parameter timestamp is malformed: it must be whole Unix seconds \(not milliseconds\)/,
    milliseconds,
  );
  const narrow = fake({ timestampWindowS: 0 });
  t.teardown(() => narrow.close());
  t.equal((await signed(narrow, { ...GUIDE, timestamp: String(NOW_S) })).status, 200, "a window of 0: the clock's second only");
  t.equal((await signed(narrow, { ...GUIDE, timestamp: String(NOW_S - 1) })).status, 401);
  const any = fake({ timestampWindowS: Number.POSITIVE_INFINITY });
  t.teardown(() => any.close());
  t.equal((await signed(any, { ...GUIDE, timestamp: '0' })).status, 200, 'Infinity: any timestamp');
  t.throws(() => fake({ timestampWindowS: -1 }), /timestampWindowS must be seconds >= 0/);
});

t.test('--token restricts access_token too, and a header is judged instead of the query when both come', async (t) => {
  const restricted = fake({ tokens: [GUIDE.access_token] });
  t.teardown(() => restricted.close());
  t.equal((await signed(restricted, GUIDE)).status, 200);
  const other = { ...GUIDE, access_token: `other-${hex(8)}` };
  refused(
    t,
    await signed(restricted, other),
    /^Query parameter access_token is not accepted by this server: use one of the tokens it was started with \(--token\)\.$/,
    other,
  );
  t.equal(
    (await signed(restricted, { sign: 'not hex' }, { authorization: `Bearer ${GUIDE.access_token}` })).status,
    200,
    'a good header, a broken query',
  );
  refused(t, await signed(restricted, GUIDE, { authorization: 'Bearer wrong' }), /^Bearer token is not accepted/, GUIDE);
  t.equal((await signed(restricted, GUIDE, { authorization: '  ' })).status, 200, 'a blank header is no header');
});

t.test("rate limits and quotas key on the credential used: the bearer token, or the signed form's client_id", async (t) => {
  const limited = fake({ quota: 1 });
  t.teardown(() => limited.close());
  t.equal((await signed(limited, GUIDE)).status, 200);
  t.equal(
    (await signed(limited, { ...GUIDE, access_token: 'refreshed-token', sign: hex(20) })).json.code,
    30002,
    'a refreshed token of the same app shares its quota',
  );
  t.equal((await signed(limited, { ...GUIDE, client_id: 'another-app' })).status, 200, 'another app has its own');
  t.equal(
    (await signed(limited, {}, { authorization: `Bearer ${GUIDE.client_id}` })).status,
    200,
    "a bearer token never shares an app's counter",
  );
  const throttled = fake({ rateLimit: 1, monotonicMs: () => 0 });
  t.teardown(() => throttled.close());
  t.equal((await signed(throttled, GUIDE)).status, 200);
  t.equal((await signed(throttled, GUIDE)).json.code, 30003);
  t.equal((await signed(throttled, { ...GUIDE, client_id: 'another-app' })).status, 200);
});

t.test('forced errors need no credentials; a URL echoed in a message is redacted', async (t) => {
  const forced = await signed(app, { ...GUIDE, sign: 'broken' }, { prefer: 'code=30003' });
  t.equal(forced.json.code, 30003);
  const notFound = answer(await app.inject({ method: 'POST', url: url(GUIDE, '/creator/v1/rank/nope') }));
  t.equal(notFound.status, 404);
  t.match(
    notFound.json.message,
    /POST \/creator\/v1\/rank\/nope\?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted> does not exist/,
  );
  const badUrl = answer(await app.inject({ method: 'POST', url: `/%zz?access_token=${GUIDE.access_token}` }));
  t.equal(badUrl.status, 400);
  t.notMatch(badUrl.body, GUIDE.access_token, 'a URL Fastify cannot decode is redacted in the message');
});

t.test('the authenticator refuses a spec whose security it cannot check', async (t) => {
  const base = { tokens: [], clock: () => NOW, timestampWindowS: 300 };
  t.throws(
    () => createAuthenticator({ ...base, security: { httpScheme: 'basic', signedQuery: undefined } }),
    /http security scheme is "basic": the fake checks bearer tokens only/,
  );
  t.throws(
    () => createAuthenticator({ ...base, security: { httpScheme: 'bearer', signedQuery: ['app_key', 'sign'] } }),
    /signed query security names app_key, sign: the fake checks exactly client_id, access_token, timestamp, sign/,
  );
  t.throws(
    () => createAuthenticator({ ...base, security: { httpScheme: undefined, signedQuery: undefined } }),
    /neither a bearer scheme nor the signed query/,
  );
  const queryOnly = createAuthenticator({
    ...base,
    security: { httpScheme: undefined, signedQuery: ['sign', 'timestamp', 'access_token', 'client_id'] },
  });
  t.match(
    queryOnly({ authorization: 'Bearer x', query: {} }),
    { ok: false, message: /^No credentials: send the signed query parameters/ },
    'a header is no credential there',
  );
  t.match(queryOnly({ authorization: undefined, query: GUIDE }), {
    ok: true,
    credential: { kind: 'signed-query', key: `client ${GUIDE.client_id}` },
  });
  const bearerOnly = createAuthenticator({ ...base, security: { httpScheme: 'bearer', signedQuery: undefined } });
  t.match(bearerOnly({ authorization: undefined, query: GUIDE }), {
    ok: false,
    message: /^No credentials: send "Authorization: Bearer <api key>"\.$/,
  });
  t.match(bearerOnly({ authorization: 'Bearer x', query: null }), { ok: true, credential: { kind: 'bearer', key: 'bearer x' } });
});

t.test('a logger given to the fake logs URLs with their credentials redacted, whatever its own serializers', async (t) => {
  const lines: string[] = [];
  const stream = { write: (line: string) => void lines.push(line) };
  const logged = fake({
    logger: { level: 'info', stream, serializers: { req: (request: { url: string }) => ({ url: request.url }) } } as never,
  });
  t.teardown(() => logged.close());
  t.equal((await signed(logged, GUIDE)).status, 200);
  const text = lines.join('');
  t.match(
    text,
    /"url":"\/creator\/v1\/rank\/topPotential\?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted>"/,
  );
  for (const value of Object.values(GUIDE)) t.notOk(text.includes(value));
  t.match(redactingLogger(true), { serializers: { req: Function } }, "true: Fastify's defaults with the redacting serializer");
  t.equal(redactingLogger(false), false);
  t.equal(redactingLogger(undefined), false);
});
