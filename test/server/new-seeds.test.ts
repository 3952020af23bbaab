import t from 'tap';
import { NEW_SEEDS_BURST, NEW_SEEDS_PER_SECOND } from '../../src/server/new-seeds.js';
import { AUTH, fake, post } from '../helpers/fake.js';

const withSeed = (seed: number) => ({ ...AUTH, prefer: `seed=${seed}` });
const SG = { filter: { region: 'SG' } };

t.test(
  `seeds not made yet: ${NEW_SEEDS_BURST} at once, then ${NEW_SEEDS_PER_SECOND} a second; kept seeds and the server's own are not limited`,
  async (t) => {
    let now = 1_000;
    const app = fake({ monotonicMs: () => now });
    t.teardown(() => app.close());
    for (let seed = 10; seed < 10 + NEW_SEEDS_BURST; seed++) t.equal((await post(app, SG, withSeed(seed))).status, 200, `seed ${seed}`);
    const refused = await post(app, SG, withSeed(99));
    t.same([refused.status, refused.json.code, refused.headers['retry-after']], [429, 30003, '1']);
    t.equal(
      refused.json.message,
      `Access frequency limit exceeded: seeds not made yet (Prefer: seed=N) are made ${NEW_SEEDS_BURST} at once, then ${NEW_SEEDS_PER_SECOND} per second, for all clients together. Retry after 1 second(s), or reuse a seed.`,
    );
    t.equal(
      (await post(app, { filter: { region: 'JP' } }, withSeed(10 + NEW_SEEDS_BURST - 1))).status,
      200,
      'a seed kept: a new ranking of it is not limited',
    );
    t.equal((await post(app, { filter: { region: 'JP' } }, AUTH)).status, 200, "nor is the server's own seed");
    now += 1_000 / NEW_SEEDS_PER_SECOND;
    t.equal((await post(app, SG, withSeed(99))).status, 200, 'a new seed is made again once the bucket refilled one');
    t.equal((await post(app, SG, withSeed(98))).status, 429, 'and only one');
  },
);

t.test('a kept seed pushed out while its request waited for its turn is a new seed again: the gate still bounds it', async (t) => {
  const app = fake({ monotonicMs: () => 1_000 });
  t.teardown(() => app.close());
  const { universes } = app.memoryUsage().budget;
  t.ok(universes < NEW_SEEDS_BURST, 'the burst makes more seeds than are kept besides the home seed');
  t.equal((await post(app, SG, withSeed(10))).status, 200, 'seed 10 made and kept (one token)');
  // Seed 10 is kept when its second request arrives, but the builds queued before it take the rest of the burst and
  // make enough other seeds to push its universe out before its own build starts.
  const others = Array.from({ length: NEW_SEEDS_BURST - 1 }, (_, i) => post(app, SG, withSeed(11 + i)));
  const again = post(app, { filter: { region: 'JP' } }, withSeed(10));
  t.same(
    (await Promise.all(others)).map((answer) => answer.status),
    others.map(() => 200),
  );
  const refused = await again;
  t.same([refused.status, refused.json.code, refused.headers['retry-after']], [429, 30003, '1'], 'made again only through the gate');
  t.equal(app.memoryUsage().universes.entries, universes + 1, 'the universes kept stay within their bound');
});
