import t from 'tap';
import { createFakeState } from '../../src/server/fake-state.js';
import { NEW_SEEDS_BURST } from '../../src/server/new-seeds.js';
import { resolveOptions } from '../../src/server/options.js';
import { startFakeServer } from '../../src/testing/start-fake-server.js';
import { AUTH, ENDPOINT, fake, NOW, post } from '../helpers/fake.js';

const token = (name: string) => ({ authorization: `Bearer ${name}` });

t.test('reset() forgets every token’s quota count and rate-limit bucket', async (t) => {
  const app = fake({ quota: 2, rateLimit: 1, rateLimitBurst: 3, monotonicMs: () => 0 });
  t.teardown(() => app.close());
  const statuses = async (name: string, calls: number) => {
    const out: number[] = [];
    for (let i = 0; i < calls; i++) out.push((await post(app, {}, token(name))).status);
    return out;
  };
  t.same(await statuses('quota-a', 3), [200, 200, 403], 'a quota of 2 (the third call takes the last of the bucket, then meets the quota)');
  t.same(await statuses('quota-a', 1), [429], 'and a bucket of 3 is empty');
  t.same(app.memoryUsage().quota?.entries, 1);
  app.reset();
  t.same(await statuses('quota-a', 3), [200, 200, 403], 'after reset(): as a fresh fake would answer');
  t.same(app.memoryUsage().rateLimit?.entries, 1, 'only what came since is held');
});

t.test('reset() fills the bucket of new seeds again', async (t) => {
  const app = fake({ monotonicMs: () => 0 });
  t.teardown(() => app.close());
  const withSeed = (seed: number) => ({ ...AUTH, prefer: `seed=${seed}` });
  const sg = { filter: { region: 'SG' } };
  for (let seed = 200; seed < 200 + NEW_SEEDS_BURST; seed++) await post(app, sg, withSeed(seed));
  t.equal((await post(app, sg, withSeed(300))).status, 429, 'the bucket is empty');
  app.reset();
  t.equal((await post(app, sg, withSeed(300))).status, 200, 'after reset(), a new seed is made at once');
  t.equal((await post(app, sg, withSeed(200))).status, 200, 'and the seeds made before are still kept (caches are not reset)');
});

t.test('reset() starts the seeded failures over: the same sequence as a fresh fake', async (t) => {
  const app = fake({ failRate: 0.5, seed: 4 });
  t.teardown(() => app.close());
  const pattern = async () => {
    const out: number[] = [];
    for (let i = 0; i < 20; i++) out.push((await post(app, {})).status);
    return out;
  };
  const first = await pattern();
  t.same([...new Set(first)].sort(), [200, 500]);
  const second = await pattern();
  t.not(second.join(), first.join(), 'without reset() the sequence goes on');
  app.reset();
  t.same(await pattern(), first, 'after reset() it starts again');
});

t.test('reset() starts the seeded latency draws over', async (t) => {
  const state = createFakeState(resolveOptions({ latency: { min: 0, max: 10_000 }, seed: 9 }));
  const draws = () => Array.from({ length: 10 }, () => state.latency());
  const first = draws();
  t.not(draws().join(), first.join());
  state.reset();
  t.same(draws(), first);
  const fixed = createFakeState(resolveOptions({ latency: 25 }));
  t.same([fixed.latency(), fixed.latency()], [25, 25]);
});

t.test('startFakeServer gives reset() too', async (t) => {
  const fake = await startFakeServer({ now: NOW, quota: 1 });
  t.teardown(() => fake.close());
  const call = async () =>
    (
      await fetch(`${fake.url}${ENDPOINT}`, {
        method: 'POST',
        headers: { authorization: 'Bearer started', 'content-type': 'application/json' },
        body: '{}',
      })
    ).status;
  t.same([await call(), await call()], [200, 403]);
  fake.reset();
  t.equal(await call(), 200);
});
