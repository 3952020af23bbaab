import t from 'tap';
import type { CacheUsage } from '../../src/cache-usage.js';
import { universeBytes } from '../../src/data/universe.js';
import { fake, post } from '../helpers/fake.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(120_000);

// A hostile mix through the server: a new token, body, period, page size or seed per request. Every cache and table
// must stay within its share, and the shares within the ceiling. (RSS is measured by `npm run soak -- --hostile`.)
t.test('under a new token, body, period and seed per request, every cache stays within its share of the ceiling', async (t) => {
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
  const parts: [string, CacheUsage | undefined][] = [
    ['universes', usage.universes],
    ['rankings', usage.rankings],
    ['otherSeedRankings', usage.otherSeedRankings],
    ['pageBytes', usage.pageBytes],
    ['answerPool', usage.answerPool],
    ['bodies', usage.bodies],
    ['rateLimit', usage.rateLimit],
    ['quota', usage.quota],
  ];
  for (const [name, part] of parts) {
    t.ok(part !== undefined && part.bytes <= part.maxBytes, `${name}: ${part?.bytes} of ${part?.maxBytes} bytes, ${part?.entries} entries`);
  }
  const { budget } = usage;
  t.equal(usage.universes.maxBytes, budget.universeBytes, "each share is the budget's");
  t.equal(usage.rankings.maxBytes, budget.rankingBytes);
  t.equal(usage.otherSeedRankings.maxBytes, budget.otherSeedRankingBytes);
  t.ok(usage.otherSeedRankings.entries > 0, "other seeds' rankings kept apart");
  t.equal(usage.bodies.maxBytes, budget.bodyBytes);
  t.equal(usage.rateLimit?.maxBytes, budget.rateLimitBytes);
  t.equal(usage.quota?.maxBytes, budget.quotaBytes);
  t.equal(usage.pageBytes.maxBytes, budget.pageBytes);
  t.equal(usage.answerPool.maxBytes, budget.answerPoolBytes);
  const shares = parts.reduce((sum, [, part]) => sum + (part?.maxBytes ?? 0), 0);
  t.ok(
    shares + budget.connectionBytes + budget.headroomBytes <= budget.totalBytes,
    'the shares, connections and headroom add up to at most the ceiling',
  );
  t.ok(usage.universes.bytes >= universeBytes(), "the home seed's universe is counted");
  t.ok((usage.rateLimit?.entries ?? 0) < 4000, 'refilled buckets expired');
  t.ok(usage.bodies.entries < 4000, 'and the bodies cache the oldest bodies');
  t.ok(usage.rankings.bytes > usage.rankings.maxBytes / 3, 'the rankings cache is used, not left empty');
});
