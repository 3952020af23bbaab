import t from 'tap';
import { findingId, FindingSet } from '../../src/contract/findings.js';
import { runSuite } from '../../src/contract/run-suite.js';
import { MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';

t.test('an id reads kind:path[:rule]; a colon, a percent sign or a line break inside a part is percent-encoded', async (t) => {
  t.equal(findingId({ kind: 'schema-type', path: '$.data.total', rule: 'type' }), 'schema-type:$.data.total:type');
  t.equal(
    findingId({ kind: 'undocumented-field', path: '$.data.list[*].creator.shop_level' }),
    'undocumented-field:$.data.list[*].creator.shop_level',
  );
  t.equal(findingId({ kind: 'status', path: 'status', rule: 'code 10001' }), 'status:status:code 10001');
  t.equal(findingId({ kind: 'undocumented-field', path: '$.a:b%c\nd\re' }), 'undocumented-field:$.a%3Ab%25c%0Ad%0De');
  // Without the encoding these two would both read `undocumented-field:$.a:b`.
  t.not(findingId({ kind: 'undocumented-field', path: '$.a:b' }), findingId({ kind: 'undocumented-field', path: '$.a', rule: 'b' }));
  t.not(
    findingId({ kind: 'schema-type', path: '$.a' }),
    findingId({ kind: 'schema-type', path: '$.a', rule: '' }),
    'no rule is not an empty rule',
  );
});

t.test('FindingSet: observations with other values, places and cases are one finding, with one id', async (t) => {
  const set = new FindingSet();
  set.add(
    { kind: 'schema-type', path: '$.data.total', rule: 'type', expected: 'a string', observed: 'integer 17', at: '$.data.total' },
    { case: 'one' },
  );
  set.add({ kind: 'schema-type', path: '$.data.total', rule: 'type', expected: 'a string', observed: 'integer 99' }, { case: 'two' });
  set.add({ kind: 'schema-type', path: '$.data.total', rule: 'pattern', expected: 'digits', observed: 'integer 99' }, { case: 'two' });
  t.same(
    set.list().map((f) => [f.id, f.count, f.status]),
    [
      ['schema-type:$.data.total:type', 2, 'new'],
      ['schema-type:$.data.total:pattern', 1, 'new'],
    ],
  );
  const accepting = new FindingSet((id) =>
    id === 'schema-type:$.data.total:type' ? { reason: 'known', accepted_on: '2026-04-15' } : undefined,
  );
  accepting.add({ kind: 'schema-type', path: '$.data.total', rule: 'type', expected: 'e', observed: 'o' }, { case: 'one' });
  accepting.add({ kind: 'schema-type', path: '$.data.list[*].uid', rule: 'type', expected: 'e', observed: 'o' }, { case: 'one' });
  t.match(accepting.list(), [
    { id: 'schema-type:$.data.list[*].uid:type', status: 'new' },
    { id: 'schema-type:$.data.total:type', status: 'accepted', accepted: { reason: 'known', accepted_on: '2026-04-15' } },
  ]);
  t.notOk('accepted' in (accepting.list()[0] ?? {}), 'a new finding carries no acceptance');
});

t.test('the same change in two targets with other data (other seeds) has the same ids; the case names are the same too', async (t) => {
  const runs = [];
  for (const seed of [7, 1234]) {
    const server = await startMutantServer(TOKEN, seed);
    t.teardown(() => server.close());
    server.use({
      name: 'total an integer, and a new member with a value that depends on the data',
      rewrite: (body, reply, request) => {
        MUTATIONS.totalAsNumber.rewrite(body);
        MUTATIONS.fieldAdded.rewrite(body);
        const list = (body['data'] as { list?: Record<string, unknown>[] } | null)?.list ?? [];
        for (const item of list) item['rank_note'] = `${String(item['uid'])} in ${reply.statusCode} ${request.id}`;
      },
    });
    runs.push(await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 20 }));
  }
  const [one, two] = runs as [(typeof runs)[number], (typeof runs)[number]];
  const observed = (result: typeof one) => result.findings.map((f) => `${f.observed} x${f.count}`).join('; ');
  t.not(observed(one), observed(two), 'the two targets answered with other values and counts');
  t.same(
    one.findings.map((f) => f.id),
    [
      'schema-type:$.data.total:type',
      'undocumented-field:$.data.list[*].creator.shop_level',
      'undocumented-field:$.data.list[*].rank_note',
    ],
  );
  t.same(
    two.findings.map((f) => f.id),
    one.findings.map((f) => f.id),
  );
  t.same(
    two.report.cases.map((c) => c.name),
    one.report.cases.map((c) => c.name),
    'case names carry no value of the run (they key the state file)',
  );
});
