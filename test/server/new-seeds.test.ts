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
