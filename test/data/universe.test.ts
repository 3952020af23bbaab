import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { loadCategories } from '../../src/data/categories.js';
import { resolvePeriod } from '../../src/data/periods.js';
import { createRandom, hash32, sample } from '../../src/data/random.js';
import { REGION_PROFILES } from '../../src/data/regions.js';
import { createUniverse, universeFor } from '../../src/data/universe.js';
import { spec } from '../helpers/spec.js';

t.test('one region profile for each region of the spec', async (t) => {
  t.same(Object.keys(REGION_PROFILES).sort(), [...(spec.components.schemas['Region']?.enum as string[])].sort());
  t.equal(REGION_PROFILES.US.usdRate, 1, 'US amounts are dollars');
});

t.test('the category catalogue holds the vendor\'s known ids and checks its own links', async (t) => {
  const catalogue = loadCategories();
  t.same(catalogue.creatorCategories.find((c) => c.id === 4)?.name, 'Beauty');
  for (const id of [601554, 601619, 601534, 700650, 601492]) t.ok(catalogue.l3.some((c) => c.id === id), `L3 ${id}`);
  for (const id of [2, 7, 13, 14, 16, 24]) t.ok(catalogue.l3.some((c) => c.l1Id === id), `L1 ${id} has L3 categories`);
  const dir = mkdtempSync(join(tmpdir(), 'categories-'));
  const path = join(dir, 'c.json');
  writeFileSync(path, JSON.stringify({ creator_categories: [{ id: 1, name: 'X', product_l1_ids: [99] }], product_categories: [{ id: 98, name: 'Leafless', children: [] }] }));
  t.throws(() => loadCategories(pathToFileURL(path)), /creator category 1 points at product L1 99, which has no L3 categories/);
});

t.test('the generator is deterministic and roughly uniform', async (t) => {
  t.equal(hash32('abc'), hash32('abc'));
  t.not(hash32('abc'), hash32('abd'));
  const a = createRandom('x', 1);
  const b = createRandom('x', 1);
  const draws = Array.from({ length: 1000 }, () => a.next());
  t.same(draws, Array.from({ length: 1000 }, () => b.next()));
  t.ok(draws.every((d) => d >= 0 && d < 1));
  const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
  t.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
  const r = createRandom('y');
  const ints = Array.from({ length: 500 }, () => r.int(3, 5));
  t.same([...new Set(ints)].sort(), [3, 4, 5]);
  t.ok([1, 2, 3].includes(r.pick([1, 2, 3])));
  t.same(sample(r, [1, 2, 3], 5).sort(), [1, 2, 3], 'sample stops when the pool is empty');
  t.equal(typeof r.chance(0.5), 'boolean');
});

t.test('regions are made on first use, the same whichever came first', async (t) => {
  const catalogue = loadCategories();
  const a = createUniverse(21, catalogue);
  const b = createUniverse(21, catalogue);
  const jp = b.creatorsOf('JP');
  t.equal(b.creatorsOf('JP'), jp, 'made once');
  t.same(a.creators.filter((c) => c.region === 'JP'), jp, 'JP made alone equals JP made after every other region');
  t.equal(jp.length, REGION_PROFILES.JP.creators);
  t.ok(jp.every((c) => c.region === 'JP'));
  t.notSame(createUniverse(22, catalogue).creatorsOf('JP').map((c) => c.uid), jp.map((c) => c.uid), 'another seed, other creators');
  const usOnly = createUniverse(21, catalogue, { US: REGION_PROFILES.US } as typeof REGION_PROFILES);
  t.same(usOnly.creatorsOf('GB'), [], 'a region the profiles do not list has no creators');
});

t.test('a period\'s rows are made once, whichever of its rankings comes first', async (t) => {
  const catalogue = loadCategories();
  const march = resolvePeriod({ type: 'month', value: '2026-03' }, new Date('2026-11-25T00:00:00Z'));
  const regionFirst = createUniverse(31, catalogue);
  const gb = regionFirst.ranking(march, 'GB');
  const every = regionFirst.ranking(march);
  const gbInEvery = every.desc.filter((row) => row.region === 'GB');
  t.ok(gbInEvery.length > 0 && gbInEvery.every((row, i) => row === gb.desc[i]), 'the every-region ranking reuses the region\'s rows, in the same order');
  const everyFirst = createUniverse(31, catalogue);
  const fresh = everyFirst.ranking(march);
  t.same(every.desc.map((r) => r.item.uid), fresh.desc.map((r) => r.item.uid), 'and ranks exactly as when made from nothing');
  t.same(every.asc.map((r) => r.item.uid), fresh.asc.map((r) => r.item.uid), 'both ways');
  const jp = everyFirst.ranking(march, 'JP');
  t.ok(jp.desc.length > 0 && jp.desc.every((row) => fresh.desc.includes(row)), 'a region ranked after every region reuses its rows');
  t.same(jp.desc.map((r) => r.item.uid), createUniverse(31, catalogue).ranking(march, 'JP').desc.map((r) => r.item.uid), 'with the order it has when ranked on its own');
});

t.test('a universe: unique identities, rankings cached and evicted, one per seed', async (t) => {
  const small = createUniverse(5, loadCategories(), { ...REGION_PROFILES, US: { creators: 50, usdRate: 1 } });
  t.equal(new Set(small.creators.map((c) => c.uid)).size, small.creators.length, 'uids unique');
  t.equal(new Set(small.creators.map((c) => c.uniqueId)).size, small.creators.length, 'handles unique');
  const now = new Date('2026-11-25T00:00:00Z');
  const march = resolvePeriod({ type: 'month', value: '2026-03' }, now);
  const first = small.ranking(march);
  t.equal(small.ranking(march), first, 'cached');
  for (let day = 1; day <= 70; day++) small.ranking(resolvePeriod({ type: 'day', value: new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10) }, now));
  t.not(small.ranking(march), first, 'evicted after 64 other periods');
  t.same(small.ranking(march).desc.map((r) => r.item.uid), first.desc.map((r) => r.item.uid), 'rebuilt identically');
  const gb = small.ranking(march, 'GB');
  t.equal(small.ranking(march, 'GB'), gb, 'a region\'s ranking is cached too');
  t.same(
    gb.desc.map((r) => r.item.uid),
    small.ranking(march).desc.filter((r) => r.region === 'GB').map((r) => r.item.uid),
    'a region\'s ranking is the every-region ranking\'s rows of that region, in the same order',
  );
  t.same(gb.asc.map((r) => r.item.uid), small.ranking(march).asc.filter((r) => r.region === 'GB').map((r) => r.item.uid), 'both ways');
  const nine = universeFor(9);
  t.equal(universeFor(9), nine, 'one per seed');
  for (let seed = 100; seed < 108; seed++) universeFor(seed);
  t.not(universeFor(9), nine, 'the least recently used of more than 8 seeds is dropped');
});
