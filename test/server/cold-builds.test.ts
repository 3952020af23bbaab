import t from 'tap';
import { createColdBuilds } from '../../src/server/cold-builds.js';
import { AUTH, fake, post } from '../helpers/fake.js';

/** Steps that log themselves: `name:0`, `name:1`, ... one per step. */
function* logged(log: string[], name: string, steps: number): Generator<void, string, void> {
  for (let i = 0; i < steps; i++) {
    log.push(`${name}:${i}`);
    yield;
  }
  return name;
}

t.test('one build at a time, other I/O let in between its steps', async (t) => {
  const builds = createColdBuilds(8);
  const log: string[] = [];
  const a = builds.run('a', () => logged(log, 'a', 3));
  const b = builds.run('b', () => logged(log, 'b', 2));
  setImmediate(() => log.push('io'));
  t.same(await Promise.all([a, b]), ['a', 'b']);
  t.same(
    log.filter((entry) => entry !== 'io'),
    ['a:0', 'a:1', 'a:2', 'b:0', 'b:1'],
    'b started after a was done',
  );
  t.ok(log.indexOf('io') > 0 && log.indexOf('io') < log.indexOf('a:2'), `other work ran between a's steps (${log.join(' ')})`);
});

t.test('requests for the same build share it; past maxWaiting a new build is refused until one is done', async (t) => {
  const builds = createColdBuilds(2);
  let made = 0;
  const steps = function* (): Generator<void, number, void> {
    made++;
    yield;
    return made;
  };
  const first = builds.run('x', steps);
  t.equal(builds.run('x', steps), first, 'the same promise');
  const second = builds.run('y', steps);
  t.equal(builds.waiting, 2);
  t.equal(builds.run('z', steps), undefined, 'a third distinct build is refused');
  await Promise.all([first, second]);
  t.equal(made, 2);
  t.equal(builds.waiting, 0);
  t.ok(builds.run('z', steps), 'and accepted once the others are done');
});

t.test('a failing build rejects its requests, and the next build still runs', async (t) => {
  const builds = createColdBuilds(4);
  const failing = builds.run('bad', function* (): Generator<void, number, void> {
    yield;
    throw new Error('broken data');
  });
  const next = builds.run('good', function* (): Generator<void, number, void> {
    yield;
    return 7;
  });
  await t.rejects(failing as Promise<number>, /broken data/);
  t.equal(await next, 7);
});

t.test('through the server: more cold rankings at once than may wait get 30003 with Retry-After', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const days = Array.from({ length: 100 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
  const answers = await Promise.all(days.map((value) => post(app, { filter: { region: 'SG', date_info: { type: 'day', value } } }, AUTH)));
  const statuses = answers.map((answer) => answer.status);
  t.equal(statuses.filter((s) => s === 200).length, 64, 'as many as may wait are answered');
  const busy = answers.filter((answer) => answer.status === 429);
  t.equal(busy.length, 36);
  t.same([busy[0]?.json.code, busy[0]?.headers['retry-after']], [30003, '1']);
  t.match(
    busy[0]?.json.message,
    /^Access frequency limit exceeded: 64 requests for data not made yet \(other seeds or periods\) are already waiting\. Retry after 1 second\(s\)\.$/,
  );
  t.equal(
    (await post(app, { filter: { region: 'SG', date_info: { type: 'day', value: days[99] as string } } })).status,
    200,
    'answered once the queue is shorter',
  );
});
