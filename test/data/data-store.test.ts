import t from 'tap';
import { loadCategories } from '../../src/data/categories.js';
import { createDataStore, type DataStoreOptions } from '../../src/data/data-store.js';
import { resolvePeriod } from '../../src/data/periods.js';
import { rankingBytes, rankingSteps, runSteps } from '../../src/data/rankings.js';
import { REGION_PROFILES } from '../../src/data/regions.js';
import { createUniverse, universeBytes } from '../../src/data/universe.js';

const catalogue = loadCategories();
const NOW = new Date('2026-11-25T00:00:00Z');
const march = resolvePeriod({ type: 'month', value: '2026-03' }, NOW);
const day = (n: number) => resolvePeriod({ type: 'day', value: new Date(Date.UTC(2025, 0, n)).toISOString().slice(0, 10) }, NOW);
const MB = 2 ** 20;
const uids = (rows: readonly { item: { uid: string } }[]) => rows.map((r) => r.item.uid);
/** A store with room for everything (64 MB a cache) but what `budgets` narrows. */
const storeFor = (homeSeed: number, budgets: Partial<Omit<DataStoreOptions, 'homeSeed'>> = {}) =>
  createDataStore({ homeSeed, universeBytes: 64 * MB, rankingBytes: 64 * MB, otherSeedRankingBytes: 64 * MB, catalogue, ...budgets });

t.test("a period's rows are made once, whichever of its rankings comes first", async (t) => {
  const regionFirst = storeFor(31);
  const gb = regionFirst.ranking(31, march, 'GB');
  const every = regionFirst.ranking(31, march, undefined);
  const gbInEvery = every.desc.filter((row) => row.region === 'GB');
  t.ok(
    gbInEvery.length > 0 && gbInEvery.every((row, i) => row === gb.desc[i]),
    "the every-region ranking reuses the region's rows, in the same order",
  );
  const everyFirst = storeFor(31);
  const fresh = everyFirst.ranking(31, march, undefined);
  t.same(uids(every.desc), uids(fresh.desc), 'and ranks exactly as when made from nothing');
  t.same(uids(every.asc), uids(fresh.asc), 'both ways');
  const jp = everyFirst.ranking(31, march, 'JP');
  t.ok(jp.desc.length > 0 && jp.desc.every((row) => fresh.desc.includes(row)), 'a region ranked after every region reuses its rows');
  t.same(
    uids(jp.desc),
    uids(runSteps(rankingSteps(createUniverse(31, catalogue), march, 'JP', () => undefined)).desc),
    'with the order it has when ranked on its own',
  );
  t.same(uids(jp.asc), uids(fresh.asc.filter((row) => row.region === 'JP')), 'both ways');
});

t.test('rankings are kept within their bytes, least recently used out, and made again identically', async (t) => {
  const first = storeFor(5).ranking(5, march, 'US');
  const budget = 6 * rankingBytes(first);
  const store = storeFor(5, { rankingBytes: budget, otherSeedRankingBytes: budget });
  const us = store.ranking(5, march, 'US');
  t.equal(store.cached(5, march, 'US'), us, 'kept');
  for (let n = 1; n <= 60; n++) {
    store.ranking(5, day(n), 'US');
    if (n % 5 === 0) store.cached(5, march, 'US');
  }
  const { rankings } = store.usage();
  t.ok(rankings.bytes <= budget, `${rankings.bytes} bytes kept, budget ${budget}`);
  t.ok(rankings.entries > 1, `${rankings.entries} rankings kept`);
  t.equal(store.cached(5, march, 'US'), us, 'one in use stays');
  t.equal(store.cached(5, day(1), 'US'), undefined, 'the least recently used went');
  t.same(uids(store.ranking(5, day(1), 'US').desc), uids(storeFor(5).ranking(5, day(1), 'US').desc), 'made again identically');
  const tiny = storeFor(5, { rankingBytes: 1000, otherSeedRankingBytes: 1000 });
  const made = tiny.ranking(5, march, 'GB');
  t.ok(made.desc.length > 0, 'a ranking larger than the whole budget is still made for the request');
  t.equal(tiny.cached(5, march, 'GB'), undefined, 'but not kept');
  t.equal(tiny.usage().rankings.bytes, 0);
});

t.test("universes of other seeds are kept within their bytes; the home seed's always", async (t) => {
  const perUniverse = universeBytes(REGION_PROFILES);
  const store = createDataStore({
    homeSeed: 1,
    universeBytes: 3 * perUniverse,
    rankingBytes: 64 * MB,
    otherSeedRankingBytes: 64 * MB,
    catalogue,
  });
  t.same(store.usage().universes, { entries: 1, bytes: perUniverse, maxBytes: 3 * perUniverse }, "the home seed's, made at once");
  for (let seed = 100; seed < 110; seed++) store.ranking(seed, march, 'SG');
  const { universes } = store.usage();
  t.same([universes.entries, universes.bytes], [3, 3 * perUniverse], 'home and the two most recent seeds');
  const steps = [
    ...(function* () {
      const run = store.build(1, march, 'SG');
      for (let step = run.next(); !step.done; step = run.next()) yield step;
    })(),
  ];
  t.equal(steps.length, 2, 'the home seed needs no universe step: its SG creators, then its rows');
  const cold = [
    ...(function* () {
      const run = store.build(100, march, 'SG');
      for (let step = run.next(); !step.done; step = run.next()) yield step;
    })(),
  ];
  t.equal(cold.length, 3, 'a forgotten seed: its universe first, then the same two steps');
  const none = createDataStore({
    homeSeed: 1,
    universeBytes: perUniverse,
    rankingBytes: 64 * MB,
    otherSeedRankingBytes: 64 * MB,
    catalogue,
  });
  none.ranking(2, march, 'SG');
  t.equal(none.usage().universes.entries, 1, 'a budget that only holds the home seed keeps no other');
});

t.test("an every-region ranking is made region by region, in steps of one region's work", async (t) => {
  const universe = createUniverse(7, catalogue);
  const run = rankingSteps(universe, march, undefined, () => undefined);
  let steps = 0;
  let step = run.next();
  for (; !step.done; step = run.next()) steps++;
  t.equal(steps, 2 * Object.keys(REGION_PROFILES).length + 1, 'per region its creators and its rows, then the sort');
  t.same(
    uids(step.value.desc),
    uids(runSteps(rankingSteps(createUniverse(7, catalogue), march, undefined, () => undefined)).desc),
    'the same ranking as made at once',
  );
});

t.test("other seeds' rankings have a budget of their own: walking through seeds pushes out none of the home seed's", async (t) => {
  const one = storeFor(1).ranking(1, march, 'SG');
  const store = storeFor(1, { rankingBytes: 4 * rankingBytes(one), otherSeedRankingBytes: 3 * rankingBytes(one) });
  const home = store.ranking(1, march, 'SG');
  for (let seed = 2; seed < 12; seed++) store.ranking(seed, march, 'SG');
  t.equal(store.cached(1, march, 'SG'), home, "the home seed's ranking stayed");
  const { rankings, otherSeedRankings } = store.usage();
  t.equal(rankings.entries, 1);
  t.ok(
    otherSeedRankings.entries >= 1 && otherSeedRankings.entries <= 4,
    `other seeds kept within their own share (${otherSeedRankings.entries} of 10)`,
  );
  t.ok(otherSeedRankings.bytes <= otherSeedRankings.maxBytes);
  t.equal(store.cached(11, march, 'SG')?.desc.length, store.ranking(11, march, 'SG').desc.length, 'the latest other seed is kept');
  t.equal(store.cached(2, march, 'SG'), undefined, 'the oldest went');
});
