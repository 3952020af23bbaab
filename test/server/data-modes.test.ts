import t from 'tap';
import { EDGE_LONGEST_TEXT } from '../../src/data/edge-values.js';
import { itemFacts } from '../../src/openapi/item-facts.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import type { AnswerSource } from '../../src/server/answer-source.js';
import { FakeServerOptionsError } from '../../src/server/options.js';
import type { FakeServerOptions } from '../../src/server/options.js';
import { AUTH, fake, post, type Item, type Page } from '../helpers/fake.js';
import { api } from '../helpers/spec.js';

const validate = createResponseValidator(api);
const OPTIONAL = itemFacts(api).optionalFields;
const withPrefer = (prefer: string) => ({ ...AUTH, prefer });
type Row = Item & Record<string, unknown> & { creator: Item['creator'] & { nickname: string } };
const listOf = (answer: { json: { data: unknown } }): Row[] => (answer.json.data as Page).list as Row[];
const present = (list: readonly Row[], field: string): number => list.filter((item) => Object.hasOwn(item, field)).length;

t.test('Prefer: optional=none|all|mixed, and the default: mixed', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const none = listOf(await post(app, { pagesize: 100 }, withPrefer('optional=none')));
  const all = listOf(await post(app, { pagesize: 100 }, withPrefer('optional=all')));
  const mixed = listOf(await post(app, { pagesize: 100 }, withPrefer('optional=mixed')));
  const byDefault = listOf(await post(app, { pagesize: 100 }));
  t.equal(none.length, 100);
  for (const field of OPTIONAL) {
    t.equal(present(none, field), 0, `none: ${field} on no item`);
    t.equal(present(all, field), 100, `all: ${field} on every item`);
    const some = present(mixed, field);
    t.ok(some > 0 && some < 100, `mixed: ${field} on ${some} of 100 items of one page`);
  }
  t.same(byDefault, mixed, 'the default is mixed');
  t.same(
    all.map((item) => item.uid),
    none.map((item) => item.uid),
    'the same creators in the same order',
  );
  const optionNone = fake({ optional: 'none' });
  t.teardown(() => optionNone.close());
  t.same(listOf(await post(optionNone, { pagesize: 100 })), none, 'the option sets the default');
  t.same(listOf(await post(optionNone, { pagesize: 100 }, withPrefer('optional=all'))), all, 'Prefer wins over the option');
});

t.test('Prefer: data=edge: every answer validates, in each optional mode, on first and last pages of the window', async (t) => {
  const seen = {
    zero: false,
    hundred: false,
    tie: false,
    emptyCategories: false,
    longest: false,
    shortest: false,
    rtl: false,
    emoji: false,
  };
  for (const seed of [1, 7, 99]) {
    const app = fake({ seed, data: 'edge' });
    t.teardown(() => app.close());
    for (const optional of ['none', 'all', 'mixed']) {
      const requests = [
        { page: 1, pagesize: 100 },
        { page: 10, pagesize: 100 },
        { page: 100, pagesize: 10 },
        { page: 1, pagesize: 100, orderby: [{ field: 'potential_index', order: 'asc' }] },
        { page: 2, pagesize: 50, filter: { region: 'US' } },
        { filter: { region: 'SG', date_info: { type: 'day', value: '2026-11-20' } } },
      ];
      for (const body of requests) {
        const answer = await post(app, body, withPrefer(`optional=${optional}`));
        const verdict = validate(answer.status, answer.json);
        t.ok(
          answer.status === 200 && verdict.valid,
          `seed ${seed}, optional=${optional}, ${JSON.stringify(body)}: ${JSON.stringify(verdict.errors)}`,
        );
        const list = listOf(answer);
        if ((body.page ?? 1) * (body.pagesize ?? 10) === 1000) t.equal(list.length, body.pagesize, 'the last page of the window is full');
        const asc = body.orderby !== undefined;
        list.forEach((item, i) => {
          const next = list[i + 1];
          if (next === undefined) return;
          const ordered = asc ? item.potential_index <= next.potential_index : item.potential_index >= next.potential_index;
          if (!ordered || (item.potential_index === next.potential_index && !(item.uid < next.uid))) t.fail(`out of order at ${i}`);
          if (item.potential_index === next.potential_index) seen.tie = true;
        });
        for (const item of list) {
          const name = item.creator.nickname;
          seen.zero ||= item.potential_index === 0 && item.units_sold === 0;
          seen.hundred ||= item.potential_index === 100;
          seen.emptyCategories ||= item.sales_category_l3.length === 0;
          seen.longest ||= [...name].length === EDGE_LONGEST_TEXT;
          seen.shortest ||= name === '';
          seen.rtl ||= /[\u0590-\u08ff]/.test(name);
          seen.emoji ||= /\p{Extended_Pictographic}/u.test(name);
        }
      }
    }
  }
  t.same(
    Object.entries(seen).filter(([, yes]) => !yes),
    [],
    'each kind of extreme was served',
  );
});

t.test('the same seed and request give the same bytes; another seed other data', async (t) => {
  const options: FakeServerOptions = { seed: 11 };
  const [a, b, c] = [fake(options), fake(options), fake({ seed: 12 })];
  t.teardown(() => Promise.all([a.close(), b.close(), c.close()]));
  for (const prefer of ['data=edge, optional=mixed', 'data=edge, optional=all', 'data=typical; optional=mixed']) {
    const body = { page: 3, pagesize: 40 };
    const first = await post(a, body, withPrefer(prefer));
    t.equal(first.status, 200);
    t.equal((await post(b, body, withPrefer(prefer))).body, first.body, `${prefer}: the same bytes from another server`);
    t.equal((await post(a, body, withPrefer(prefer))).body, first.body, `${prefer}: and again from the same one`);
    t.not(JSON.stringify(listOf(await post(c, body, withPrefer(prefer)))), JSON.stringify(listOf(first)), `${prefer}: another seed`);
  }
});

t.test('filters agree with what edge items show', async (t) => {
  const app = fake({ data: 'edge', seed: 3 });
  t.teardown(() => app.close());
  const noFollowers = await post(app, { pagesize: 100, filter: { follower_count_range: { min: 0, max: 0 } } });
  t.ok(listOf(noFollowers).length > 0, 'creators with 0 followers exist');
  t.ok(listOf(noFollowers).every((item) => item.creator.follower_count === 0));
  const female = listOf(await post(app, { pagesize: 100, filter: { follower_gender_type: 0 } }));
  t.ok(female.length > 0);
  t.ok(
    female.every((item) => Number(item.creator.follower_genders.find((share) => share.key === 'female')?.value) > 0.5),
    'a gender filter matches only items that show that gender above one half',
  );
});

t.test('Prefer refuses an unknown mode naming it; the options refuse one too', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  for (const [prefer, message] of [
    ['optional=some', /^Prefer header: optional=some must be one of none, all, mixed\./],
    ['data=wild', /^Prefer header: data=wild must be one of typical, edge\./],
  ] as const) {
    const answer = await post(app, {}, withPrefer(prefer));
    t.equal(answer.status, 400);
    t.equal(answer.json.code, 10001);
    t.match(answer.json.message, message);
  }
  t.throws(
    () => fake({ optional: 'some' as never }),
    new FakeServerOptionsError('Failed to build the fake server: optional must be one of none, all, mixed, got "some".'),
  );
  t.throws(
    () => fake({ data: 'wild' as never }),
    new FakeServerOptionsError('Failed to build the fake server: data must be one of typical, edge, got "wild".'),
  );
});

t.test('a replay source steps aside for optional= and data=, as for seed=', async (t) => {
  const source: AnswerSource = {
    ownsAuth: false,
    answer: async () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"recorded":true}',
      source: 'recorded 001.json',
    }),
  };
  const app = fake({ source });
  t.teardown(() => app.close());
  t.equal((await post(app, {})).headers['x-fake-source'], 'recorded 001.json');
  t.equal((await post(app, {}, withPrefer('optional=all'))).headers['x-fake-source'], 'generated');
  t.equal((await post(app, {}, withPrefer('data=edge'))).headers['x-fake-source'], 'generated');
});

t.test('rankings are kept per modes: one more entry per mode asked for', async (t) => {
  const app = fake({ optional: 'none' });
  t.teardown(() => app.close());
  const body = { filter: { region: 'SG' } };
  // A ranking is kept from its second build on.
  await post(app, body);
  await post(app, body);
  const one = app.memoryUsage().rankings.entries;
  await post(app, body);
  t.equal(app.memoryUsage().rankings.entries, one, 'the same modes: the same entry');
  await post(app, body, withPrefer('data=edge'));
  await post(app, body, withPrefer('data=edge'));
  t.equal(app.memoryUsage().rankings.entries, one + 1, 'another mode: another entry');
});
