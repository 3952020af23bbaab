import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import t from 'tap';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { AUTH, answer, ENDPOINT, fake } from '../helpers/fake.js';
import { fuzzParameters, fuzzTimeoutMs } from '../helpers/fuzz-settings.js';
import { api, spec } from '../helpers/spec.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(fuzzTimeoutMs(90_000));

const validateResponse = createResponseValidator(api);
const codes = new Set([0, ...(spec.components.schemas['ErrorCode']?.enum as number[])]);
const app = fake();
t.teardown(() => app.close());
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();

let reference = '';
const referenceRequest: InjectOptions = {
  method: 'POST',
  url: ENDPOINT,
  headers: { ...AUTH, 'content-type': 'application/json' },
  payload: '{"filter":{"region":"US"},"pagesize":3}',
};

/** The fuzz invariant: no 5xx, the vendor envelope valid for its status, a spec code, nothing polluted, the next valid call unharmed. */
async function holds(options: InjectOptions): Promise<boolean> {
  const response = await app.inject(options);
  if (response.statusCode >= 500) throw new Error(`5xx for ${JSON.stringify(options).slice(0, 300)}: ${response.body}`);
  if (options.method === 'HEAD') return true;
  const result = answer(response);
  const verdict = validateResponse(result.status, result.json);
  if (!verdict.valid)
    throw new Error(`invalid ${result.status} answer: ${JSON.stringify(verdict.errors)} for ${JSON.stringify(options).slice(0, 300)}`);
  if (!codes.has(result.json.code)) throw new Error(`code ${result.json.code} is not in the spec`);
  if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys) throw new Error('Object.prototype was polluted');
  if ((await app.inject(referenceRequest)).body !== reference) throw new Error('the next valid request was answered differently');
  return true;
}

const body = (payload: string | Buffer, headers: Record<string, string> = {}): InjectOptions => ({
  method: 'POST',
  url: ENDPOINT,
  headers: { ...AUTH, 'content-type': 'application/json', ...headers },
  payload,
});

const VALID = JSON.stringify({
  filter: {
    region: 'GB',
    creator_category_id: 4,
    follower_count_range: { min: 1, max: 9_000_000 },
    date_info: { type: 'week', value: '2026-W08' },
  },
  orderby: [{ field: 'potential_index', order: 'asc' }],
  page: 2,
  pagesize: 20,
});

t.before(async () => {
  reference = (await app.inject(referenceRequest)).body;
});

t.test('arbitrary JSON values as the body', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => holds(body(JSON.stringify(value) ?? 'null'))),
    fuzzParameters(),
  );
  t.pass();
});

t.test('a valid body with one member replaced by anything', async (t) => {
  const paths = [
    'filter',
    'filter.region',
    'filter.follower_count_range',
    'filter.follower_count_range.max',
    'filter.date_info',
    'filter.date_info.value',
    'orderby',
    'page',
    'pagesize',
  ];
  const weird = fc.oneof(
    fc.jsonValue(),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('', 'NaN', 'Infinity', '-0', '1e309', '0x10', ' 1', '\u0000', '\uFEFF', '😀'.repeat(50)),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1e308, 5e-324, 2 ** 53),
    fc.array(fc.array(fc.jsonValue(), { maxLength: 3 }), { maxLength: 3 }),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...paths), weird, async (path, value) => {
      const copy = JSON.parse(VALID) as Record<string, unknown>;
      const keys = path.split('.');
      let target = copy;
      for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
      target[keys[keys.length - 1] as string] = value;
      return holds(body(JSON.stringify(copy)));
    }),
    fuzzParameters(),
  );
  t.pass();
});

t.test('raw bytes and truncated JSON', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => holds(body(Buffer.from(bytes)))),
    fuzzParameters(),
  );
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: VALID.length - 1 }), async (cut) => holds(body(VALID.slice(0, cut)))),
    fuzzParameters(VALID.length),
  );
  t.pass();
});

t.test('deep nesting, prototype keys and duplicate keys in the raw text', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('[', '{"a":'), async (depth, open) => {
      const close = open === '[' ? ']' : '}';
      return holds(
        body(`{"filter":{"region":${open.repeat(depth)}1${close.repeat(depth)}}}`.replace(`${open}1`, open === '[' ? '[1' : '{"a":1')),
      );
    }),
    fuzzParameters(),
  );
  const keys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__');
  await fc.assert(
    fc.asyncProperty(
      keys,
      fc.constantFrom('', 'filter', 'filter.follower_count_range'),
      fc.jsonValue({ maxDepth: 2 }),
      async (key, where, value) => {
        const inner = `{"${key}":${JSON.stringify(value) ?? 'null'}}`;
        const text = where === '' ? inner : where === 'filter' ? `{"filter":${inner}}` : `{"filter":{"follower_count_range":${inner}}}`;
        return holds(body(text));
      },
    ),
    fuzzParameters(),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('page', 'pagesize', 'filter'),
      fc.jsonValue({ maxDepth: 1 }),
      fc.jsonValue({ maxDepth: 1 }),
      async (key, a, b) => holds(body(`{"${key}":${JSON.stringify(a) ?? 'null'},"${key}":${JSON.stringify(b) ?? 'null'}}`)),
    ),
    fuzzParameters(),
  );
  t.pass();
});

t.test('odd headers: authorization, content type, Prefer, method', async (t) => {
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 40 }),
    fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
    fc.integer({ min: 500, max: 5000 }).map((n) => `Bearer ${'a'.repeat(n)}`),
    fc.constantFrom('Bearer', 'Bearer  ', 'bearer x', 'Basic eA==', 'Bearer a b', 'Token x', 'Bearer \u00e9'),
  );
  const contentType = fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/jsonx',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ),
    fc.string({ maxLength: 30 }),
  );
  const prefer = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('empty=true', 'seed=3', 'latency=0', 'code=10001', 'code=', '=', ';;,,'),
  );
  const method = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
  await fc.assert(
    fc.asyncProperty(
      authorization,
      contentType,
      prefer,
      method,
      fc.constantFrom('{}', VALID, '', '{"page":'),
      async (auth, type, pref, verb, payload) => {
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers['authorization'] = auth;
        if (type !== '') headers['content-type'] = type;
        if (pref !== undefined && !/code\s*=\s*"?40001/i.test(pref)) headers['prefer'] = pref;
        const options: InjectOptions = { method: verb, url: ENDPOINT, headers };
        if (verb !== 'GET' && verb !== 'HEAD') options.payload = payload;
        return holds(options).catch((error: Error) => {
          // inject refuses to send a header Node's HTTP client could not send either; nothing reached the server
          if (/Invalid character in header/.test(error.message)) return true;
          throw error;
        });
      },
    ),
    fuzzParameters(),
  );
  t.pass();
});

t.test("query strings: the signed form's parameters repeated, empty, percent-encoded, very long; no value echoed", async (t) => {
  const now = Math.floor(Date.parse('2026-11-25T00:00:00Z') / 1000);
  const name = fc.oneof(
    fc.constantFrom('client_id', 'access_token', 'timestamp', 'sign', 'signature_version', 'page', '__proto__', 'client_id[]'),
    fc.string({ maxLength: 12 }),
  );
  const value = fc.oneof(
    fc.constantFrom('', '2', String(now), String(now - 301), 'a'.repeat(64), 'app-1', 'tok+en/=', '%', '%zz', '%E2%82%AC'),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer({ min: 500, max: 12_000 }).map((n) => 'x'.repeat(n)),
    fc.stringMatching(/^[0-9a-f]{32,130}$/),
  );
  const encode = fc.constantFrom('encoded', 'raw');
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(name, value, encode), { maxLength: 8 }), fc.boolean(), async (pairs, withHeader) => {
      const query = pairs
        .map(([n, v, how]) => (how === 'encoded' ? `${encodeURIComponent(n)}=${encodeURIComponent(v)}` : `${n}=${v}`))
        .join('&');
      const options: InjectOptions = { ...body('{}', withHeader ? {} : { authorization: '' }), url: `${ENDPOINT}?${query}` };
      await holds(options).catch((error: Error) => {
        if (/Invalid character in header|is not a valid url|URI malformed/i.test(error.message)) return true;
        throw error;
      });
      const { body: text } = await app.inject(options).catch(() => ({ body: '' }));
      for (const [, v] of pairs)
        if (v.length >= 8 && !/^\d+$/.test(v) && text.includes(v) && !'{}'.includes(v))
          throw new Error(`a query value was echoed: ${v.slice(0, 40)}`);
      return true;
    }),
    fuzzParameters(),
  );
  t.pass();
});
