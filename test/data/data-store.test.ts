import t from 'tap';
import { loadCategories } from '../../src/data/categories.js';
import { createDataStore, IN_USE_MS, ONCE_BUILT_KEYS, type DataStore, type DataStoreOptions } from '../../src/data/data-store.js';
import { resolvePeriod, type Period } from '../../src/data/periods.js';
import { rankingSize, rankingSteps, runSteps } from '../../src/data/rankings.js';
import { REGION_PROFILES } from '../../src/data/regions.js';
import { createUniverse } from '../../src/data/universe.js';
import type { Region } from '../../src/generated/types.js';

const catalogue = loadCategories();
const NOW = new Date('2026-11-25T00:00:00Z');
const march = resolvePeriod({ type: 'month', value: '2026-03' }, NOW);
const day = (n: number) => resolvePeriod({ type: 'day', value: new Date(Date.UTC(2025, 0, n)).toISOString().slice(0, 10) }, NOW);
const uids = (rows: readonly { item: { uid: string } }[]) => rows.map((r) => r.item.uid);
/** A store with room for everything but what `bounds` narrows. */
const storeFor = (homeSeed: number, bounds: Partial<Omit<DataStoreOptions, 'homeSeed'>> = {}) =>
  createDataStore({ homeSeed, universes: 64, rankingRows: 1_000_000, catalogue, ...bounds });
/** A ranking asked for twice: kept from its second build on. */
const kept = (store: DataStore, seed: number, period: Period, region: Region | undefined) => {
  store.ranking(seed, period, region);
  return store.ranking(seed, period, region);
};

t.test("a period's rows are made once, whichever of its rankings comes first", async (t) => {
  const regionFirst = storeFor(31);
  const gb = kept(regionFirst, 31, march, 'GB');
  const every = kept(regionFirst, 31, march, undefined);
  const gbInEvery = every.desc.filter((row) => row.region === 'GB');
  t.ok(
    gbInEvery.length > 0 && gbInEvery.every((row, i) => row === gb.desc[i]),
    "the every-region ranking reuses the region's rows, in the same order",
  );
  const everyFirst = storeFor(31);
  const fresh = kept(everyFirst, 31, march, undefined);
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

t.test('rankings are kept within their rows, least recently used out, and made again identically', async (t) => {
  const rows = rankingSize(storeFor(5).ranking(5, march, 'US'));
  const store = storeFor(5, { rankingRows: 6 * rows });
  const us = kept(store, 5, march, 'US');
  t.equal(store.cached(5, march, 'US'), us, 'kept');
  for (let n = 1; n <= 60; n++) {
    kept(store, 5, day(n), 'US');
    if (n % 5 === 0) store.cached(5, march, 'US');
  }
  const { rankings } = store.usage();
  t.ok(rankings.size <= rankings.maxSize, `${rankings.size} rows kept, at most ${rankings.maxSize}`);
  t.equal(rankings.maxSize, 6 * rows);
  t.ok(rankings.entries > 1, `${rankings.entries} rankings kept`);
  t.equal(store.cached(5, march, 'US'), us, 'one in use stays');
  t.equal(store.cached(5, day(1), 'US'), undefined, 'the least recently used went');
  t.same(uids(store.ranking(5, day(1), 'US').desc), uids(storeFor(5).ranking(5, day(1), 'US').desc), 'made again identically');
  const tiny = storeFor(5, { rankingRows: 10 });
  const made = kept(tiny, 5, march, 'GB');
  t.ok(made.desc.length > 0, 'a ranking larger than the whole bound is still made for the request');
  t.equal(tiny.cached(5, march, 'GB'), undefined, 'but not kept');
  t.equal(tiny.usage().rankings.size, 0);
});

t.test('a ranking is kept from its second build: periods or seeds asked once push out none of those asked again', async (t) => {
  const store = storeFor(1, { rankingRows: 3 * rankingSize(storeFor(1).ranking(1, march, 'SG')) });
  const home = kept(store, 1, march, 'SG');
  for (let n = 1; n <= 30; n++) store.ranking(1, day(n), 'SG');
  for (let seed = 2; seed < 12; seed++) store.ranking(seed, march, 'SG');
  t.equal(store.cached(1, march, 'SG'), home, 'the ranking asked for again stayed');
  t.equal(store.usage().rankings.entries, 1, 'the ones asked once were made, not kept');
  t.ok(kept(store, 1, day(3), 'SG') !== undefined && store.cached(1, day(3), 'SG'), 'one of them asked again is kept');
  const walked = storeFor(1);
  walked.ranking(1, day(1), 'SG');
  for (let n = 2; n <= ONCE_BUILT_KEYS + 1; n++) walked.ranking(1, day(n), 'SG');
  walked.ranking(1, day(1), 'SG');
  t.equal(walked.cached(1, day(1), 'SG'), undefined, 'a ranking asked again after more than ONCE_BUILT_KEYS others counts as new');
});

t.test('a ranking read from the cache in the last IN_USE_MS is not pushed out for another; one unread that long goes', async (t) => {
  let clock = 0;
  const size = rankingSize(storeFor(1).ranking(1, march, 'SG'));
  const store = storeFor(1, { monotonicMs: () => clock, rankingRows: 3 * size });
  const home = kept(store, 1, march, 'SG');
  store.cached(1, march, 'SG');
  for (let n = 1; n <= 30; n++) {
    clock += IN_USE_MS / 40;
    kept(store, 1, day(n), 'SG');
  }
  t.equal(
    store.cached(1, march, 'SG'),
    home,
    'read 3/4 IN_USE_MS ago: the least recently used, yet thirty rankings built twice did not push it out',
  );
  t.ok(store.cached(1, day(30), 'SG') && !store.cached(1, day(28), 'SG'), 'those push out each other, least recent first');
  clock += IN_USE_MS + 1;
  kept(store, 1, day(31), 'SG');
  kept(store, 1, day(32), 'SG');
  t.equal(store.cached(1, march, 'SG'), undefined, `unread for ${IN_USE_MS} ms, it went`);
  const full = storeFor(1, { monotonicMs: () => clock, rankingRows: size });
  const only = kept(full, 1, march, 'SG');
  full.cached(1, march, 'SG');
  kept(full, 1, day(1), 'SG');
  t.same(
    [full.cached(1, march, 'SG'), full.cached(1, day(1), 'SG')],
    [only, undefined],
    'with every kept one in use, a new one is not kept',
  );
});

t.test("universes of other seeds are kept within their number; the home seed's always", async (t) => {
  const store = createDataStore({ homeSeed: 1, universes: 2, rankingRows: 1_000_000, catalogue });
  t.same(store.usage().universes, { entries: 1, size: 1, maxSize: 3 }, "the home seed's, made at once");
  for (let seed = 100; seed < 110; seed++) store.ranking(seed, march, 'SG');
  t.same(store.usage().universes.entries, 3, 'home and the two most recent seeds');
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
  const none = createDataStore({ homeSeed: 1, universes: 0, rankingRows: 1_000_000, catalogue });
  none.ranking(2, march, 'SG');
  t.same(none.usage().universes, { entries: 1, size: 1, maxSize: 1 }, 'a bound of no other universe keeps only the home seed');
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
