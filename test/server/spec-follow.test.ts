import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/run-cli.js';
import { runContractSuite } from '../../src/contract-default-target.js';
import { describeSpec } from '../../src/openapi/describe.js';
import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { SpecError } from '../../src/openapi/spec-error.js';
import { followSpec } from '../../src/server/spec-follow.js';
import { captureIo } from '../helpers/io.js';
import { ENDPOINT, fake, post } from '../helpers/fake.js';
import { api, spec } from '../helpers/spec.js';
import { teamSpecWithNewMembers } from '../helpers/team-spec.js';
import { tempDir } from '../helpers/temp-dir.js';

type Schemas = Record<string, { properties: Record<string, unknown>; required?: string[] } & Record<string, unknown>>;
const variant = (edit: (schemas: Schemas, doc: SpecDocument) => void): SpecDocument => {
  const copy = structuredClone(spec);
  edit(copy.components.schemas as unknown as Schemas, copy);
  return copy;
};
const integerTotal = variant((schemas) => {
  schemas['TopPotentialData']!.properties['total'] = { type: 'integer', minimum: 0, description: 'The team saw integers.' };
});
const withShopLevel = variant((schemas) => {
  schemas['TopPotentialItem']!.properties['shop_level'] = { type: 'integer', minimum: 1, maximum: 5 };
  schemas['TopPotentialItem']!.required?.push('shop_level');
  delete schemas['TopPotentialItem']!.properties['avg_play_count'];
  const required = schemas['TopPotentialItem']!.required ?? [];
  required.splice(required.indexOf('avg_play_count'), 1);
});
const dir = tempDir('spec-follow-');
const write = (name: string, doc: SpecDocument): string => {
  const path = join(dir, name);
  writeFileSync(path, stringify(doc));
  return path;
};

t.test("the kit's own spec, from its file or as a copy, is followed as is: nothing to reshape", async (t) => {
  t.equal(followSpec(api, 1), undefined);
  t.equal(followSpec(describeSpec(structuredClone(spec)), 1), undefined);
});

t.test("a team's spec with total as an integer: integer totals, every answer valid against that spec", async (t) => {
  const app = fake({ spec: integerTotal });
  t.teardown(() => app.close());
  const validate = createResponseValidator(describeSpec(integerTotal));
  const page = await post(app, { pagesize: 2 });
  t.equal(typeof (page.json.data as { total: unknown }).total, 'number');
  t.same(validate(200, page.json), { valid: true, errors: [] });
  const empty = await post(app, {}, { authorization: 'Bearer t', prefer: 'empty=true' });
  t.equal((empty.json.data as { total: unknown }).total, 0);
  const refused = await post(app, { pagesiz: 1 });
  t.same([refused.status, validate(400, refused.json).valid], [400, true], 'errors follow the spec too');
  const own = fake();
  t.teardown(() => own.close());
  t.equal(
    typeof ((await post(own, { pagesize: 2 })).json.data as { total: unknown }).total,
    'string',
    "the kit's own spec keeps its string",
  );
});

t.test('a member the spec adds is generated, the same for the same seed and request; one it removes is not sent', async (t) => {
  const answer = async () => {
    const app = fake({ spec: withShopLevel, seed: 3 });
    const page = await post(app, { pagesize: 5 });
    await app.close();
    return page;
  };
  const [first, second] = [await answer(), await answer()];
  t.equal(first.body, second.body, 'byte-identical across servers');
  const items = (first.json.data as { list: Record<string, unknown>[] }).list;
  t.ok(
    items.every(
      (item) => Number.isInteger(item['shop_level']) && (item['shop_level'] as number) >= 1 && (item['shop_level'] as number) <= 5,
    ),
  );
  t.ok(items.every((item) => !('avg_play_count' in item)));
  t.same(createResponseValidator(describeSpec(withShopLevel))(200, first.json), { valid: true, errors: [] });
});

t.test("generated members: the same bytes for the same seed and request whatever came before, valid against the team's spec", async (t) => {
  const team = teamSpecWithNewMembers();
  const validate = createResponseValidator(describeSpec(team));
  const ask = { pagesize: 20 };
  const app = fake({ spec: team, seed: 3 });
  t.teardown(() => app.close());
  const first = await post(app, ask);
  const others = [
    await post(app, { pagesize: 7, page: 2 }),
    await post(app, ask, { authorization: 'Bearer t', prefer: 'seed=9' }),
    await post(app, { pagesiz: 1 }),
  ];
  const again = await post(app, ask);
  t.equal(again.body, first.body, 'the same bytes after other answers: no generator state is carried between answers');
  const fresh = fake({ spec: team, seed: 3 });
  t.teardown(() => fresh.close());
  t.equal((await post(fresh, ask)).body, first.body, 'the same bytes from another server');
  for (const answer of [first, ...others])
    t.same(validate(answer.status, answer.json), { valid: true, errors: [] }, `HTTP ${answer.status}`);
  const items = (first.json.data as { list: Record<string, unknown>[] }).list;
  t.equal(new Set(items.map((item) => JSON.stringify([item['badge'], item['profile']]))).size, items.length, "each item's own values");
  t.match(others[2]?.json, { code: 10001, trace: /^tr-[0-9a-f]{12}$/ }, 'the error envelope gets the member the team added');
});

t.test('a spec the fake cannot follow is refused at start-up, naming each change', async (t) => {
  const unfollowable = variant((schemas) => {
    schemas['TopPotentialItem']!.properties['units_sold'] = { type: 'boolean' };
    schemas['Filter']!.properties['shop_tier'] = { type: 'string' };
    (schemas['OrderByField'] as Record<string, unknown>)['enum'] = ['gmv'];
  });
  t.throws(() => fake({ spec: unfollowable }), {
    name: 'SpecError',
    message:
      /^The fake cannot follow this spec: HTTP 200: \$\.data\.list\[\*\]\.units_sold is boolean in the spec, but the fake makes it integer; filter\.shop_tier is new in the spec, and the fake cannot filter by it; the spec ranks by gmv, and the fake ranks by potential_index\. /,
  });
  const noBody = variant((_schemas, doc) => {
    const operation = doc.paths['/creator/v1/rank/topPotential']?.post as { responses: Record<string, unknown> };
    operation.responses['200'] = { description: 'no body' };
  });
  t.throws(() => fake({ spec: noBody }), /the spec documents no JSON body for HTTP 200/);
  t.ok(new SpecError('x') instanceof Error);
});

t.test(
  "serve --spec and record --spec read the team's file; contract --spec against that fake holds, the kit's own spec finds the change",
  async (t) => {
    const path = write('team.yaml', integerTotal);
    const io = captureIo();
    const served = await runCli(['serve', '--port', '0', '--spec', path, '--now', '2026-11-25T00:00:00Z'], io);
    t.teardown(() => served.server?.app.close());
    const url = served.server?.url ?? '';
    const answer = (await (await fetch(`${url}${ENDPOINT}`, { method: 'POST', headers: { authorization: 'Bearer t' } })).json()) as {
      data: { total: unknown };
    };
    t.equal(typeof answer.data.total, 'number');
    t.match(readFileSync(path, 'utf8'), /The team saw integers/);
    t.match(await (await fetch(`${url}/openapi.yaml`)).text(), /The team saw integers/, "/openapi.yaml publishes the team's file");

    // A dozen requests show it; the whole suite against a --spec fake runs in test/e2e/cli-over-time.test.ts.
    const holds = await runContractSuite({ target: { baseUrl: url, token: 't' }, spec: path, budget: 12 });
    t.equal(holds.exitCode, 0, 'judged against the spec it serves, the fake holds');
    const drifts = await runContractSuite({ target: { baseUrl: url, token: 't' }, budget: 12 });
    t.match(drifts.findings, [{ kind: 'schema-type', path: '$.data.total' }], "against the kit's own spec, the integer total is drift");

    const out = join(dir, 'recorded');
    const recorded = captureIo();
    t.equal(
      (await runCli(['record', '--base-url', url, '--token', 'long-enough-token', '--spec', path, '--out', out, '--budget', '1'], recorded))
        .exitCode,
      0,
      "valid against the team's spec",
    );
    const bad = captureIo();
    t.equal((await runCli(['serve', '--spec', join(dir, 'missing.yaml')], bad)).exitCode, 2);
    t.match(bad.err(), /Failed to read the spec at .*missing\.yaml/);
  },
);
