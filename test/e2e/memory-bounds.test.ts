import t from 'tap';
import type { CacheUsage } from '../../src/cache-usage.js';
import { cachedBytes } from '../helpers/memory.js';
import { fake, post } from '../helpers/fake.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(120_000);

// A hostile mix through the server: a new token, body, period, page size or seed per request. Every cache and table
// must stay within its bound, and the bounds within the ceiling. (RSS is measured by `npm run soak -- --hostile`.)
t.test('under a new token, body, period and seed per request, every cache stays within its bound', async (t) => {
  let now = 0;
  const app = fake({ maxMemoryMb: 128, maxConnections: 16, rateLimit: 1000, quota: 1_000_000, monotonicMs: () => now });
  t.teardown(() => app.close());
  const statuses = new Map<number, number>();
  const send = async (body: unknown, headers: Record<string, string>) => {
    const { status } = await post(app, body, headers);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  };
  for (let i = 0; i < 4000; i++)
    await send({ pagesize: 1 + (i % 100), filter: { follower_count_range: { min: i } } }, { authorization: `Bearer hostile-${i}` });
  for (let i = 0; i < 400; i++) {
    const value = new Date(Date.UTC(1990, 0, 1 + i)).toISOString().slice(0, 10);
    await send(
      { filter: { region: i % 2 ? 'US' : 'GB', date_info: { type: 'day', value } }, pagesize: 100 },
      { authorization: `Bearer period-${i}` },
    );
  }
  for (let seed = 100; seed < 106; seed++) {
    now += 1000;
    await send({ filter: { region: 'SG' } }, { authorization: 'Bearer seeds', prefer: `seed=${seed}` });
  }
  t.same([...statuses.keys()], [200], 'all answered');

  const usage = app.memoryUsage();
  const { budget } = usage;
  const parts: [string, CacheUsage | undefined, number][] = [
    ['universes', usage.universes, budget.universes + 1],
    ['rankings', usage.rankings, budget.rankingRows],
    ['pages', usage.pages, budget.pages],
    ['answerPool', usage.answerPool, budget.answerPoolBytes],
    ['bodies', usage.bodies, budget.bodies],
    ['rateLimit', usage.rateLimit, budget.rateLimitTokens],
    ['quota', usage.quota, budget.quotaTokens],
  ];
  for (const [name, part, bound] of parts) {
    t.ok(part !== undefined && part.size <= part.maxSize, `${name}: ${part?.size} of ${part?.maxSize}, ${part?.entries} entries`);
    t.equal(part?.maxSize, bound, `${name}: its bound is the budget's`);
  }
  const cached = cachedBytes(budget);
  t.ok(cached + budget.connectionBytes + budget.headroomBytes <= budget.totalBytes, 'the caches, connections and headroom fit the ceiling');
  t.ok((usage.rateLimit?.entries ?? 0) < 4000, 'refilled buckets expired');
  t.equal(usage.bodies.entries, budget.bodies, 'the bodies cache is full, and no fuller');
  t.ok(usage.rankings.entries >= 1, 'the ranking asked for again and again is kept');
  t.equal(usage.universes.entries, budget.universes + 1, 'universes: the home seed and as many others as allowed');
});
