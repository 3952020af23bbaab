import t from 'tap';
import { createQuota, createRateLimiter, QUOTA_IDLE_MS } from '../../src/server/scenarios/rate-limit.js';
import { TOKEN_KEY_CHARS, tokenKey } from '../../src/server/scenarios/rate-limit.js';

const BUDGET = 200;

t.test('the rate-limit table stays within its entries whatever the number of tokens', async (t) => {
  let now = 0;
  const limiter = createRateLimiter(5, () => now, BUDGET);
  let refused = 0;
  for (let i = 0; i < 10_000; i++) {
    if (limiter.take(`token-${i}`) !== 0) refused++;
    now += 0.01;
  }
  t.equal(refused, 0, 'every new token has a full bucket');
  const usage = limiter.usage();
  t.equal(usage.entries, BUDGET, 'full, and no fuller');
  t.equal(usage.size, usage.entries);
  t.equal(usage.maxSize, BUDGET);
});

t.test('a long token is kept by a digest no longer than the longest key kept as is', async (t) => {
  const long = `${'x'.repeat(TOKEN_KEY_CHARS)}y`;
  t.equal(tokenKey('x'.repeat(TOKEN_KEY_CHARS)), 'x'.repeat(TOKEN_KEY_CHARS), 'a token up to the limit is its own key');
  t.ok(tokenKey(long).length <= TOKEN_KEY_CHARS, tokenKey(long));
  t.not(tokenKey(long), tokenKey(`${'x'.repeat(TOKEN_KEY_CHARS)}z`), 'two long tokens have two keys');
  t.notOk(tokenKey(long).includes('xxxx'), 'the key quotes nothing of the token');
  const limiter = createRateLimiter(1, () => 0, BUDGET);
  t.equal(limiter.take(long), 0);
  t.equal(limiter.take(long), 1, 'the same long token shares one bucket');
  t.equal(limiter.take(`${'x'.repeat(TOKEN_KEY_CHARS)}z`), 0, 'another has its own');
});

t.test('a token the full table forgot starts again with a full bucket; the recently seen are kept', async (t) => {
  const now = 0;
  const limiter = createRateLimiter(1, () => now, 8);
  t.equal(limiter.take('keep-me-1'), 0);
  t.equal(limiter.take('forgotten'), 0);
  t.equal(limiter.take('keep-me-1'), 1, 'empty bucket: wait a second');
  for (let i = 0; i < 6; i++) limiter.take(`other-000${i}`);
  t.equal(limiter.take('keep-me-1'), 1, 'still remembered: it was seen more recently than "forgotten"');
  for (let i = 0; i < 6; i++) limiter.take(`newer-000${i}`);
  t.equal(limiter.take('forgotten'), 0, 'forgotten once the table was full, so its bucket is full again');
});

t.test('a bucket may allow a burst larger than its rate', async (t) => {
  let now = 0;
  const limiter = createRateLimiter(0.5, () => now, BUDGET, 3);
  t.same([limiter.take('a'), limiter.take('a'), limiter.take('a')], [0, 0, 0], 'three at once');
  t.equal(limiter.take('a'), 2, 'then one every 2 s');
  now = 2_000;
  t.equal(limiter.take('a'), 0);
});

t.test('an idle bucket expires once it would have refilled', async (t) => {
  let now = 0;
  const limiter = createRateLimiter(2, () => now, BUDGET);
  limiter.take('a');
  limiter.take('a');
  t.equal(limiter.take('a'), 1);
  t.equal(limiter.usage().entries, 1);
  now = 999;
  t.equal(limiter.usage().entries, 1, 'kept while it is refilling');
  now = 1001;
  t.equal(limiter.usage().entries, 0, 'gone: a full bucket carries no information');
  t.equal(limiter.take('a'), 0);
});

t.test('the quota table is bounded; a forgotten or long-idle token starts its quota again', async (t) => {
  let now = 0;
  const quota = createQuota(1, () => now, 8);
  quota.record('spent-0001');
  t.ok(quota.exhausted('spent-0001'));
  for (let i = 0; i < 10_000; i++) quota.record(`other-${String(i).padStart(4, '0')}`);
  t.ok(quota.usage().entries <= 8, `${quota.usage().entries} entries`);
  t.equal(quota.usage().maxSize, 8);
  t.notOk(quota.exhausted('spent-0001'), 'pushed out by newer tokens: starts again');
  quota.record('idle-0001');
  now = QUOTA_IDLE_MS - 1;
  t.ok(quota.exhausted('idle-0001'), 'remembered within the idle time');
  now += QUOTA_IDLE_MS + 1;
  t.notOk(quota.exhausted('idle-0001'), 'an hour after it was last seen, it starts again');
});
