import { Writable } from 'node:stream';
import t from 'tap';
import { envelopeCode, responseLogView } from '../../src/server/log-fields.js';
import { replayAnswers } from '../../src/record/replay-source.js';
import { AUTH, ENDPOINT, fake, post } from '../helpers/fake.js';
import { api } from '../helpers/spec.js';

const health = async (app: ReturnType<typeof fake>, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: '/healthz', headers });

t.test('GET /healthz: 200, a small JSON body, with or without the docs, and no credential needed', async (t) => {
  for (const docs of [true, false]) {
    const app = fake({ docs, tokens: ['only-this-token'] });
    const answer = await health(app);
    t.equal(answer.statusCode, 200, `docs ${docs}`);
    t.match(answer.headers['content-type'], /^application\/json/);
    t.equal(answer.headers['cache-control'], 'no-store');
    t.same(answer.json(), {
      status: 'ok',
      service: 'fastmoss-toppotential-kit fake',
      version: '0.1.0',
      endpoint: 'POST /creator/v1/rank/topPotential',
    });
    t.ok(answer.body.length < 200, 'small');
    await app.close();
  }
});

t.test('/healthz is never counted: not by auth, the rate limit or the quota, nor delayed by latency', async (t) => {
  // A minute of latency: a delayed /healthz would hold this file until it timed out. A clock that stands still: the
  // bucket never refills, however slowly a busy machine runs the calls.
  const slow = fake({ latency: 60_000 });
  t.teardown(() => slow.close());
  for (let i = 0; i < 20; i++) t.equal((await health(slow, AUTH)).statusCode, 200, 'no latency on /healthz');
  const app = fake({ quota: 1, rateLimit: 1, rateLimitBurst: 1, monotonicMs: () => 0 });
  t.teardown(() => app.close());
  for (let i = 0; i < 20; i++) t.equal((await health(app, AUTH)).statusCode, 200);
  const first = await post(app, {});
  t.equal(first.status, 200, 'the one call of the quota and the rate limit is still there after 20 health checks');
  t.equal((await post(app, {})).json.code, 30003, 'the next is rate limited: the bucket held exactly one call');
  t.equal((await health(app, AUTH)).statusCode, 200, 'and health still answers');
});

t.test('--cors exposes x-fake-source and Retry-After to browser apps', async (t) => {
  const app = fake({ cors: true });
  t.teardown(() => app.close());
  const answer = await app.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { ...AUTH, origin: 'http://app.local', 'content-type': 'application/json' },
    payload: '{}',
  });
  t.equal(answer.headers['access-control-expose-headers'], 'Retry-After, x-fake-source');
});

/** A fake whose log lines are collected. */
function logged(options: Parameters<typeof fake>[0] = {}) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { app: fake({ ...options, logger: { level: 'info', stream } }), lines };
}

t.test("--log: each request's line carries the vendor code and which source answered", async (t) => {
  const recorded = {
    request: { method: 'POST', path: ENDPOINT, body: { pagesize: 3 } },
    response: { status: 200, headers: {}, body: { code: 0, data: { list: [], total: '0' } } },
    recorded_at: '2026-01-01T00:00:00Z',
    target: 'x',
  };
  const { app, lines } = logged({
    cors: true,
    source: replayAnswers(api, [{ file: '001-three.json', exchange: recorded, secrets: [] }]),
  });
  t.teardown(() => app.close());
  await post(app, {});
  await post(app, { pagesiz: 10 });
  await post(app, { pagesize: 3 });
  await post(app, {}, { authorization: 'Basic x' });
  await health(app);
  await app.inject({ method: 'OPTIONS', url: ENDPOINT, headers: { origin: 'http://app.local', 'access-control-request-method': 'POST' } });
  const completed = lines.filter((line) => line['msg'] === 'request completed').map((line) => line['res']);
  t.same(completed, [
    { statusCode: 200, code: 0, source: 'generated' },
    { statusCode: 400, code: 10001, source: 'generated' },
    { statusCode: 200, code: 0, source: 'recorded 001-three.json' },
    { statusCode: 401, code: 30001 },
    { statusCode: 200 },
    { statusCode: 204 },
  ]);
});

t.test("envelopeCode reads the code at the start of the fake's bodies, anywhere at the top of others, and nothing else", async (t) => {
  t.equal(envelopeCode('{"code":30003,"data":null}'), 30003);
  t.equal(envelopeCode(Buffer.from('{"code":0,"data":{}}')), 0);
  t.equal(envelopeCode('{"data":{"code":7},"code":-1}'), -1, 'a proxied body in another order');
  t.equal(envelopeCode('{"data":{"code":7}}'), undefined, "a nested code is not the envelope's");
  t.equal(envelopeCode('not json'), undefined);
  t.equal(envelopeCode('null'), undefined);
  t.equal(envelopeCode({ pipe: () => undefined }), undefined, 'a stream is not read');
  const reply = { statusCode: 204, getHeader: () => undefined };
  t.same(responseLogView(reply as never), { statusCode: 204 });
});
