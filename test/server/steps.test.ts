import Fastify, { type FastifyReply, type FastifyRequest, type onRequestAsyncHookHandler } from 'fastify';
import t from 'tap';
import { createErrorRegistry, type ErrorKind } from '../../src/errors.js';
import type { Drain } from '../../src/server/drain.js';
import { authenticateStep, delayStep, forcedErrorStep, preferStep, quotaStep, rateLimitStep } from '../../src/server/steps.js';
import type { Preferences } from '../../src/server/scenarios/prefer.js';
import { decorateRequestState, stateOf } from '../../src/server/request-state.js';
import { api } from '../helpers/spec.js';

/** Each step alone, in a bare Fastify app: what it answers (kind, message, Retry-After) or what it lets through. */
const sendError = (_request: FastifyRequest, reply: FastifyReply, kind: ErrorKind, message: string): FastifyReply =>
  reply.code(599).send({ answered: kind, message });

async function run(
  steps: onRequestAsyncHookHandler[],
  preferences: Preferences = {},
  credential = '',
  headers: Record<string, string> = {},
) {
  const app = Fastify();
  decorateRequestState(app);
  const seed: onRequestAsyncHookHandler = async (request) => {
    stateOf(request).preferences ??= preferences;
    stateOf(request).credential = credential;
  };
  app.post('/', { onRequest: [seed, ...steps] }, async (request) => ({
    passed: true,
    preferences: stateOf(request).preferences,
    credential: stateOf(request).credential,
  }));
  const response = await app.inject({ method: 'POST', url: '/?client_id=x', headers });
  await app.close();
  return {
    status: response.statusCode,
    retryAfter: response.headers['retry-after'],
    body: JSON.parse(response.body) as Record<string, unknown>,
  };
}

t.test('prefer: the scenario asked for, or a 10001 naming what it cannot read', async (t) => {
  const step = preferStep([10001, 30003], sendError);
  t.match(await run([step], undefined, '', { prefer: 'latency=5, empty=true' }), {
    body: { passed: true, preferences: { latency: 5, empty: true } },
  });
  t.match(await run([step], undefined, '', { prefer: 'bogus=1' }), {
    status: 599,
    body: { answered: 'invalidParameter', message: /unknown preference "bogus"/ },
  });
});

t.test('authenticate: the credential, or a 30001; skipped for a forced error and when a source answers for auth', async (t) => {
  const seen: unknown[] = [];
  const authenticate = (request: { authorization: string | undefined; query: unknown }) => {
    seen.push(request);
    return request.authorization === 'Bearer ok'
      ? ({ ok: true, credential: { kind: 'bearer', key: 'bearer ok' } } as const)
      : ({ ok: false, message: 'no' } as const);
  };
  t.match(await run([authenticateStep(authenticate, sendError, false)], {}, '', { authorization: 'Bearer ok' }), {
    body: { passed: true, credential: 'bearer ok' },
  });
  t.match(seen[0], { authorization: 'Bearer ok', query: { client_id: 'x' } }, 'the header and the query are what is judged');
  t.match(await run([authenticateStep(authenticate, sendError, false)]), {
    status: 599,
    body: { answered: 'noAccessPermission', message: 'no' },
  });
  t.match(await run([authenticateStep(authenticate, sendError, false)], { code: 30003 }), { body: { passed: true, credential: '' } });
  t.match(await run([authenticateStep(authenticate, sendError, true)]), { body: { passed: true, credential: '' } });
  t.equal(seen.length, 2, 'not asked when skipped');
});

t.test("rate limit: a call taken from the caller's bucket, or a 30003 with Retry-After; nothing without a credential", async (t) => {
  const taken: string[] = [];
  const limiter = {
    take: (key: string) => (taken.push(key), key === 'empty' ? 3 : 0),
    usage: () => ({ entries: 0, bytes: 0, maxBytes: 0 }),
  };
  t.match(await run([rateLimitStep(limiter, sendError)], {}, 'full'), { body: { passed: true } });
  t.match(await run([rateLimitStep(limiter, sendError)], {}, 'empty'), {
    status: 599,
    retryAfter: '3',
    body: { answered: 'accessFrequencyLimitExceeded', message: /Retry after 3 second/ },
  });
  t.match(await run([rateLimitStep(limiter, sendError)], {}, ''), { body: { passed: true } });
  t.same(taken, ['full', 'empty']);
});

t.test("quota: a 30002 once the caller's quota is used; nothing without a credential", async (t) => {
  const quota = {
    exhausted: (key: string) => key === 'spent',
    record: () => undefined,
    usage: () => ({ entries: 0, bytes: 0, maxBytes: 0 }),
  };
  t.match(await run([quotaStep(quota, sendError)], {}, 'spent'), { status: 599, body: { answered: 'dataLimitExceeded' } });
  t.match(await run([quotaStep(quota, sendError)], {}, 'fresh'), { body: { passed: true } });
  t.match(await run([quotaStep(quota, sendError)], {}, ''), { body: { passed: true } });
});

t.test("delay: the client's latency first, else the server's, through the drain (which cuts it short)", async (t) => {
  const slept: number[] = [];
  const drain: Drain = { sleep: async (ms) => void slept.push(ms) };
  await run([delayStep(() => 7, drain)], { latency: 250 });
  await run([delayStep(() => 7, drain)], {});
  await run([delayStep(() => 0, drain)], {});
  t.same(slept, [250, 7], 'no sleep at all for 0');
});

t.test("forced error: the spec's envelope for the code, Retry-After for 30003; nothing without a code", async (t) => {
  const step = forcedErrorStep(createErrorRegistry(api), sendError);
  t.match(await run([step], { code: 10001 }), {
    status: 599,
    body: { answered: 'invalidParameter', message: 'Parameter error: no member was checked. Forced by "Prefer: code=10001".' },
  });
  t.match(await run([step], { code: 30003, retryAfter: 9 }), {
    retryAfter: '9',
    body: { answered: 'accessFrequencyLimitExceeded', message: /Retry after 9 second/ },
  });
  t.match(await run([step], { code: 30003 }), { retryAfter: '1' }, 'one second by default');
  t.match(await run([step], {}), { body: { passed: true } });
  t.match(await run([step], { code: 12345 }), { body: { passed: true } }, 'a code no kind forces (Prefer refuses it before)');
});
