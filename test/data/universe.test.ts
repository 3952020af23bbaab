import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { loadCategories } from '../../src/data/categories.js';
import { createRandom, hash32, sample } from '../../src/data/random.js';
import { REGION_PROFILES } from '../../src/data/regions.js';
import { createUniverse } from '../../src/data/universe.js';
import { spec } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

t.test('one region profile for each region of the spec', async (t) => {
  t.same(Object.keys(REGION_PROFILES).sort(), [...(spec.components.schemas['Region']?.enum as string[])].sort());
  t.equal(REGION_PROFILES.US.usdRate, 1, 'US amounts are dollars');
});

t.test("the category catalogue holds the vendor's known ids and checks its own links", async (t) => {
  const catalogue = loadCategories();
  t.same(catalogue.creatorCategories.find((c) => c.id === 4)?.name, 'Beauty');
  for (const id of [601554, 601619, 601534, 700650, 601492])
    t.ok(
      catalogue.l3.some((c) => c.id === id),
      `L3 ${id}`,
    );
  for (const id of [2, 7, 13, 14, 16, 24])
    t.ok(
      catalogue.l3.some((c) => c.l1Id === id),
      `L1 ${id} has L3 categories`,
    );
  const dir = tempDir('categories-');
  const path = join(dir, 'c.json');
  writeFileSync(
    path,
    JSON.stringify({
      creator_categories: [{ id: 1, name: 'X', product_l1_ids: [99] }],
      product_categories: [{ id: 98, name: 'Leafless', children: [] }],
    }),
  );
  t.throws(() => loadCategories(pathToFileURL(path)), /creator category 1 points at product L1 99, which has no L3 categories/);
});

t.test('the generator is deterministic and roughly uniform', async (t) => {
  t.equal(hash32('abc'), hash32('abc'));
  t.not(hash32('abc'), hash32('abd'));
  const a = createRandom('x', 1);
  const b = createRandom('x', 1);
  const draws = Array.from({ length: 1000 }, () => a.next());
  t.same(
    draws,
    Array.from({ length: 1000 }, () => b.next()),
  );
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
  t.same(
    a.creators.filter((c) => c.region === 'JP'),
    jp,
    'JP made alone equals JP made after every other region',
  );
  t.equal(jp.length, REGION_PROFILES.JP.creators);
  t.ok(jp.every((c) => c.region === 'JP'));
  t.notSame(
    createUniverse(22, catalogue)
      .creatorsOf('JP')
      .map((c) => c.uid),
    jp.map((c) => c.uid),
    'another seed, other creators',
  );
  const usOnly = createUniverse(21, catalogue, { US: REGION_PROFILES.US } as typeof REGION_PROFILES);
  t.same(usOnly.creatorsOf('GB'), [], 'a region the profiles do not list has no creators');
});

t.test('a universe: identities unique across regions', async (t) => {
  const small = createUniverse(5, loadCategories(), { ...REGION_PROFILES, US: { creators: 50, usdRate: 1 } });
  t.equal(new Set(small.creators.map((c) => c.uid)).size, small.creators.length, 'uids unique');
  t.equal(new Set(small.creators.map((c) => c.uniqueId)).size, small.creators.length, 'handles unique');
  t.same(small.regions, Object.keys(REGION_PROFILES), "regions in the profiles' order");
  t.notOk(createUniverse(5).made('GB'), 'no region is made before it is asked for');
});
