import t from 'tap';
import { parseLatency } from '../../src/server/options.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { AUTH, ENDPOINT, fake, post } from '../helpers/fake.js';
import { api, spec } from '../helpers/spec.js';

const validateResponse = createResponseValidator(api);
const withPrefer = (prefer: string, token = 'test-token') => ({ authorization: `Bearer ${token}`, prefer });

t.test("Prefer: code=N forces each vendor error with the spec's envelope, status and headers", async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const expected: [number, number, RegExp][] = [
    [10001, 400, /^Parameter error: no member was checked\. Forced by "Prefer: code=10001"\.$/],
    [20001, 404, /^Resource not found\. Forced by/],
    [30001, 401, /^No access permission/],
    [30002, 403, /^Data limit exceeded/],
    [30003, 429, /^Access frequency limit exceeded: .*Retry after 1 second\(s\)\. Forced by "Prefer: code=30003"\.$/],
    [40001, 500, /^Service error/],
  ];
  t.same(
    expected.map(([code]) => code),
    spec.components.schemas['ErrorCode']?.enum,
    'one case per code in the spec',
  );
  for (const [code, status, message] of expected) {
    const result = await post(app, { page: 0 }, withPrefer(`code=${code}`));
    t.equal(result.status, status, `code ${code}`);
    t.equal(result.json.code, code);
    t.match(result.json.message, message);
    t.same(validateResponse(status, result.json), { valid: true, errors: [] });
    t.equal(result.headers['retry-after'], code === 30003 ? '1' : undefined);
  }
  const later = await post(app, {}, withPrefer('code=30003; retry-after=7'));
  t.equal(later.headers['retry-after'], '7');
  t.match(later.json.message, /Retry after 7 second/);
  const forcedWithoutToken = await post(app, {}, { prefer: 'code=40001' });
  t.equal(forcedWithoutToken.status, 500, 'a forced error needs no token');
  t.equal((await post(app, {}, withPrefer('code=0'))).status, 200, 'code=0 is the normal answer');
});

t.test('Prefer: empty, seed and latency, combined', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const empty = await post(app, { filter: { region: 'US' } }, withPrefer('empty=true'));
  t.same([empty.status, (empty.json.data as { list: unknown[] }).list, (empty.json.data as { total: string }).total], [200, [], '0']);
  t.same(validateResponse(200, empty.json).valid, true);
  t.equal((await post(app, { page: 0 }, withPrefer('empty=true'))).status, 400, 'the body is still validated');
  const normal = await post(app, {}, withPrefer('empty=false'));
  const other = await post(app, {}, withPrefer('seed=42'));
  const otherServer = fake({ seed: 42 });
  t.teardown(() => otherServer.close());
  t.same(other.json.data, (await post(otherServer, {})).json.data, "seed=42 answers from seed 42's universe");
  t.not(JSON.stringify(other.json.data), JSON.stringify(normal.json.data));
  const started = Date.now();
  const combined = await post(app, {}, withPrefer('latency=120, seed=42, empty=true'));
  t.ok(Date.now() - started >= 115, 'latency applied');
  t.equal((combined.json.data as { total: string }).total, '0');
});

t.test('latency does not block other requests', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const finished: string[] = [];
  const slow = post(app, {}, withPrefer('latency=400')).then(() => finished.push('slow'));
  const fast = post(app, {}).then(() => finished.push('fast'));
  await Promise.all([slow, fast]);
  t.same(finished, ['fast', 'slow']);
});

t.test('unknown or malformed preferences are a 10001 naming them', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const cases: [string, RegExp][] = [
    ['bogus=1', /unknown preference "bogus": the fake understands code, latency, empty, seed, retry-after/],
    ['code=429', /code=429 is not a vendor code: use 0 or one of 10001, 20001, 30001, 30002, 30003, 40001/],
    ['code=abc', /code=abc is not a vendor code/],
    ['latency=-5', /latency=-5 must be whole milliseconds from 0 to 60000/],
    ['latency=60001', /latency=60001 must be whole milliseconds/],
    ['empty=yes', /empty=yes must be true or false/],
    ['seed=1.5', /seed=1\.5 must be an integer/],
    ['retry-after=0', /retry-after=0 must be whole seconds from 1 to 86400/],
    ['return=minimal', /unknown preference "return"/],
    ['justaword', /"justaword" is not a name=value preference/],
  ];
  for (const [prefer, message] of cases) {
    const result = await post(app, {}, withPrefer(prefer));
    t.equal(result.status, 400, prefer);
    t.equal(result.json.code, 10001);
    t.match(result.json.message, /^Prefer header: /);
    t.match(result.json.message, message);
  }
  const quoted = await post(app, {}, withPrefer('CODE="30002"'));
  t.equal(quoted.status, 403, 'names are case-insensitive, values may be quoted');
  const repeated = await app.inject({ method: 'POST', url: ENDPOINT, headers: { ...AUTH, prefer: ['empty=true', 'code=40001'] } });
  t.equal(repeated.statusCode, 500, 'several Prefer headers combine');
  t.equal((await post(app, {}, withPrefer('  '))).status, 200, 'a blank Prefer is no preference');
});

t.test('--rate-limit: a token bucket per token, answering 30003 with Retry-After', async (t) => {
  let now = 0;
  const app = fake({ rateLimit: 2, monotonicMs: () => now });
  t.teardown(() => app.close());
  const a = { authorization: 'Bearer token-a' };
  const b = { authorization: 'Bearer token-b' };
  t.equal((await post(app, {}, a)).status, 200);
  t.equal((await post(app, {}, a)).status, 200);
  const limited = await post(app, {}, a);
  t.same([limited.status, limited.json.code, limited.headers['retry-after']], [429, 30003, '1']);
  t.same(validateResponse(429, limited.json).valid, true);
  t.equal((await post(app, {}, b)).status, 200, 'another token has its own bucket');
  now = 499;
  t.equal((await post(app, {}, a)).status, 429, 'not yet refilled');
  now = 1000;
  t.equal((await post(app, {}, a)).status, 200, 'refilled at 2 per second, up to a burst of 2');
  t.equal((await post(app, {}, a)).status, 200);
  t.equal((await post(app, {}, a)).status, 429);
  now = 2000;
  t.equal((await post(app, {}, a)).status, 200);
  const slow = fake({ rateLimit: 0.2, monotonicMs: () => now });
  t.teardown(() => slow.close());
  await post(slow, {}, a);
  t.equal((await post(slow, {}, a)).headers['retry-after'], '5', 'Retry-After says how long until the next call');
});

t.test('--quota: 30002 after N successful calls per token; failures do not count', async (t) => {
  const app = fake({ quota: 2 });
  t.teardown(() => app.close());
  const a = { authorization: 'Bearer token-a' };
  t.equal((await post(app, { page: 0 }, a)).status, 400);
  t.equal((await post(app, {}, a)).status, 200);
  t.equal((await post(app, {}, a)).status, 200);
  const over = await post(app, {}, a);
  t.same([over.status, over.json.code], [403, 30002]);
  t.same(validateResponse(403, over.json).valid, true);
  t.equal((await post(app, {}, { authorization: 'Bearer token-b' })).status, 200, 'per token');
});

t.test('--fail-rate: a seeded share of valid calls fails with 40001, the same in every process', async (t) => {
  const pattern = async () => {
    const app = fake({ failRate: 0.3, seed: 11 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await post(app, {})).status);
    await app.close();
    return statuses;
  };
  const first = await pattern();
  t.same(await pattern(), first, 'replayable');
  const failures = first.filter((s) => s === 500).length;
  t.ok(failures >= 8 && failures <= 30, `${failures} of 60 failed`);
  t.same([...new Set(first)].sort(), [200, 500]);
});

t.test('--latency: fixed or a seeded range', async (t) => {
  const app = fake({ latency: { min: 30, max: 60 } });
  t.teardown(() => app.close());
  const started = Date.now();
  await post(app, {});
  t.ok(Date.now() - started >= 28);
  const fixed = fake({ latency: 40 });
  t.teardown(() => fixed.close());
  const again = Date.now();
  await post(fixed, {});
  t.ok(Date.now() - again >= 38);
});

t.test('CORS: off by default; with cors, preflight answered and origin allowed', async (t) => {
  const preflight = {
    method: 'OPTIONS' as const,
    url: ENDPOINT,
    headers: {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,prefer',
    },
  };
  const plain = fake();
  t.teardown(() => plain.close());
  t.equal((await plain.inject(preflight)).statusCode, 405);
  const app = fake({ cors: true });
  t.teardown(() => app.close());
  const answer = await app.inject(preflight);
  t.equal(answer.statusCode, 204);
  t.equal(answer.headers['access-control-allow-origin'], 'http://localhost:5173');
  t.match(String(answer.headers['access-control-allow-headers']), /Prefer/);
  const real = await app.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { ...AUTH, origin: 'http://localhost:5173', prefer: 'code=30003' },
  });
  t.equal(real.headers['access-control-allow-origin'], 'http://localhost:5173');
  t.match(String(real.headers['access-control-expose-headers']), /Retry-After/);
});

t.test('bad switch values are refused when the server is built', async (t) => {
  t.throws(() => fake({ latency: { min: 5, max: 1 } }), /latency must be 0 <= min <= max/);
  t.throws(() => fake({ rateLimit: 0 }), /rateLimit must be calls per second \(a positive number\) or "N\/s", "N\/min" or "N\/h", got 0\./);
  t.throws(() => fake({ rateLimit: Infinity }), /rateLimit must be .* got Infinity\./);
  t.throws(() => fake({ rateLimit: '5/week' as '5/h' }), /rateLimit must be .* got "5\/week"\./);
  t.throws(() => fake({ quota: -1 }), /quota must be a whole number/);
  t.throws(() => fake({ failRate: 2 }), /failRate must be from 0 to 1/);
});

t.test('latency switch syntax', async (t) => {
  t.same(parseLatency('250'), { min: 250, max: 250 });
  t.same(parseLatency(' 50-300 '), { min: 50, max: 300 });
  t.equal(parseLatency('300-50'), undefined);
  t.equal(parseLatency('fast'), undefined);
});
