import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { writeSpecProposal } from '../../src/contract/write-proposal.js';
import type { ContractReport } from '../../src/contract/report.js';
import { buildFakeServer } from '../../src/server/build-fake-server.js';
import { combined } from '../helpers/contract.js';
import { ENDPOINT } from '../helpers/fake.js';
import { captureIo } from '../helpers/io.js';
import { MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read member by member in assertions
type Json = Record<string, any>;

const TOTAL = 'schema-type:$.data.total:type';
const SHOP_LEVEL = 'undocumented-field:$.data.list[*].creator.shop_level';

const server = await startMutantServer();
t.teardown(() => server.close());
server.use(combined(MUTATIONS.fieldAdded, MUTATIONS.totalAsNumber));
const dir = tempDir('drift-loop-');

const contract = async (...args: string[]) => {
  const io = captureIo();
  const { exitCode } = await runCli(['contract', '--base-url', server.baseUrl, '--token', TOKEN, ...args], io);
  return { exitCode, io };
};
const findingIds = (reportDir: string): string[] =>
  (JSON.parse(readFileSync(join(reportDir, 'drift.json'), 'utf8')) as ContractReport).findings.map((f) => f.id);
const page = async (url: string): Promise<Json> => {
  const response = await fetch(`${url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer drift-loop-token', 'content-type': 'application/json' },
    body: '{"pagesize":3}',
  });
  return (await response.json()) as Json;
};

const first = join(dir, 'first');
const proposed = join(dir, 'proposed.yaml');

t.test('contract --propose-spec: the spec changed for the run, and a run against it finds none of its findings', async (t) => {
  const run = await contract('--report-dir', first, '--propose-spec', proposed);
  t.equal(run.exitCode, 1, 'drift');
  t.same(findingIds(first).sort(), [TOTAL, SHOP_LEVEL]);
  t.match(run.io.err(), /; spec proposal \(2 change\(s\)\) written to .*proposed\.yaml/);
  t.match(
    run.io.err(),
    /^contract: the spec proposal no longer fits its HTTP 200 example vendorExample: data\.total must be an integer: got string "17"\. Update the example by hand\.\n/,
    "the vendor's example is named, not rewritten",
  );
  const text = readFileSync(proposed, 'utf8');
  t.match(text, /\n {8}shop_level:\n {10}type: integer\n/);
  t.match(
    text,
    /Decision: it is an integer, not string, as production showed in the contract run of [^ ]+ \(finding `schema-type:\$\.data\.total:type`\)\./,
  );
  t.notMatch(text, new RegExp(TOKEN), 'no credential');

  const following = buildFakeServer({ spec: proposed });
  t.teardown(() => following.close());
  const served = await following.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { authorization: 'Bearer drift-loop-token', 'content-type': 'application/json' },
    payload: { pagesize: 2 },
  });
  const data = served.json<Json>()['data'];
  t.equal(typeof data['total'], 'number', 'the fake follows the proposal (serve --spec)');
  t.equal(typeof data['list'][0]['creator']['shop_level'], 'number');

  const again = join(dir, 'again');
  const second = await contract('--report-dir', again, '--spec', proposed);
  t.equal(second.exitCode, 0, 'the proposed spec holds');
  t.same(findingIds(again), []);
});

t.test('serve --drift: the fake shows what production did, and lists what it cannot show', async (t) => {
  const report = JSON.parse(readFileSync(join(first, 'drift.json'), 'utf8')) as Json;
  report['findings'].push(
    { kind: 'schema-type', path: '$.data.list[*].creator.follower_genders', rule: 'type', observed: 'string "x"' },
    { kind: 'status', path: 'status', observed: 'HTTP 502' },
  );
  const drift = join(dir, 'drift-more.json');
  writeFileSync(drift, JSON.stringify(report));
  const io = captureIo();
  const outcome = await runCli(['serve', '--port', '0', '--drift', drift], io);
  t.equal(outcome.exitCode, 0);
  const started = outcome.server;
  if (started === undefined) throw new Error('no server');
  t.teardown(() => started.app.close());
  const body = await page(started.url);
  t.equal(typeof body['data']['total'], 'number', 'total as production sent it');
  for (const item of body['data']['list']) t.equal(typeof item['creator']['shop_level'], 'number', 'shop_level as production sent it');
  t.same(io.err().split('\n').filter(Boolean), [
    `serve: not shown from ${drift}: status:status: a status or code outside the spec is a change to the API, not to a schema: document it by hand if it is here to stay`,
    `serve: not shown from ${drift}: schema-type:$.data.list[*].creator.follower_genders:type: The fake cannot follow this spec: HTTP 200: $.data.list[*].creator.follower_genders is string in the spec, but the fake makes it array. Change the spec, or let the contract suite judge against it without the fake.`,
  ]);
});

t.test('the drift option in code; a member production left out is left out', async (t) => {
  const report = {
    tool: 'fastmoss-kit contract',
    findings: [
      { kind: 'schema-missing-field', path: '$.data.list[*].creator.avatar', rule: 'required', observed: 'absent' },
      { kind: 'undocumented-field', path: '$.data.echo', observed: 'string "Bearer sk-live-Secret123 access_token=Secret456"' },
    ],
  };
  const app = buildFakeServer({ drift: report });
  t.teardown(() => app.close());
  t.same(app.driftNotShown, []);
  const answer = await app.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { authorization: 'Bearer drift-loop-token', 'content-type': 'application/json' },
    payload: { pagesize: 2 },
  });
  const items: Json[] = answer.json<Json>()['data']['list'];
  t.equal(items.length, 2);
  for (const item of items) t.notOk('avatar' in item['creator']);
  const served = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.match(served.json<Json>()['components']['schemas']['TopPotentialData']['properties']['echo'], {
    type: 'string',
    examples: ['Aaaaaa aa-aaaa-Aaaaaa999 aaaaaa_aaaaa=Aaaaaa999'],
  });
  t.notMatch(served.body, /Secret|sk-live/, 'what production sent is shown by its shape only, never repeated');
  t.same(buildFakeServer().driftNotShown, [], 'none without the option');
});

t.test('validation rules answered as production did', async (t) => {
  const app = buildFakeServer({
    drift: {
      tool: 'fastmoss-kit contract',
      findings: [
        { kind: 'validation-accepts-invalid', path: 'page', rule: 'page-window', observed: 'accepted (HTTP 200, code 0)' },
        {
          kind: 'validation-rejects-valid',
          path: 'pagesize',
          rule: 'maximum',
          observed: 'refused (HTTP 400, code 10001)',
          request: { body: { pagesize: 100 } },
        },
      ],
    },
  });
  t.teardown(() => app.close());
  const code = async (payload: object): Promise<unknown> =>
    (
      await app.inject({
        method: 'POST',
        url: ENDPOINT,
        headers: { authorization: 'Bearer drift-loop-token', 'content-type': 'application/json' },
        payload,
      })
    ).json<Json>()['code'];
  t.equal(await code({ page: 101, pagesize: 10 }), 0, 'past the page window, accepted as production did');
  t.equal(await code({ pagesize: 100 }), 10001, 'pagesize 100 refused as production did');
  t.equal(await code({ pagesize: 99 }), 0);
});

t.test('a drift report the kit cannot use: exit code 2 and what to pass', async (t) => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"tool":"something else","findings":[]}');
  const io = captureIo();
  t.equal((await runCli(['serve', '--port', '0', '--drift', bad], io)).exitCode, 2);
  t.match(io.err(), /^fastmoss-kit: The drift report at .*bad\.json is not usable: it is not a report of `fastmoss-kit contract`/);
});

t.test('a proposal that cannot be written, or whose spec cannot be read', async (t) => {
  const run = await contract('--report-dir', join(dir, 'third'), '--propose-spec', dir);
  t.equal(run.exitCode, 2);
  t.match(run.io.err(), /Failed to write the spec proposal .*drift-loop-.*: .*Pass a writable path\./);
  const report = JSON.parse(readFileSync(join(first, 'drift.json'), 'utf8')) as ContractReport;
  await t.rejects(
    writeSpecProposal(join(dir, 'never.yaml'), join(dir, 'missing.yaml'), report, (text) => text),
    {
      code: 'FMK_ERR_CONTRACT_SETUP',
      message: /^Failed to read the spec .*missing\.yaml to propose a change to: ENOENT/,
    },
  );
  const empty = await contract('--report-dir', join(dir, 'fourth'), '--propose-spec', '');
  t.equal(empty.exitCode, 2);
  t.match(empty.io.err(), /--propose-spec needs a file path/);
});
