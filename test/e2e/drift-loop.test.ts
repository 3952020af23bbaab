import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ensureBuilt } from '../../bench/build.js';
import { combined } from '../helpers/contract.js';
import { MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { servedUrl, spawnCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(240_000);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = `${ROOT}dist/cli.js`;
ensureBuilt(ROOT, () => {});

// Item 5 of issue 24, the loop end to end with the built CLI and README's own commands: a target that drifted (a
// member added, a type changed) -> `contract` finds both -> `--propose-spec` -> `contract --spec` holds ->
// `serve --drift` shows both -> a downstream-style test sees them.
const README = readFileSync(`${ROOT}README.md`, 'utf8');
const recipe = /close the loop[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
const commands = recipe
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .filter((line) => line.startsWith('npx fastmoss-kit '));

type Json = Record<string, unknown>;

interface Outcome {
  readonly status: number | null;
  readonly stderr: string;
}

/** One README command, as written but for the CLI (the built one), the target's URL and the port. */
function run(command: string, baseUrl: string, cwd: string): Promise<Outcome> {
  const args = command.replace('npx fastmoss-kit ', '').replaceAll('https://openapi.fastmoss.com', baseUrl).split(/\s+/).filter(Boolean);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env['PATH'], FASTMOSS_API_KEY: TOKEN },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

const ids = (file: string): string[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { findings: { id: string }[] }).findings.map((finding) => finding.id).sort();

/** What an app's test would check of a page: it reads `total` as a number and each creator's shop level. */
function downstreamView(body: Json): { total: number; levels: unknown[] } {
  const data = body['data'] as { total: unknown; list: { creator: Json }[] };
  if (typeof data.total !== 'number') throw new Error(`total is ${typeof data.total}`);
  return { total: data.total, levels: data.list.map((item) => item.creator['shop_level']) };
}

t.test("README's follow-up recipe closes the loop against a target that drifted", async (t) => {
  t.equal(commands.length, 3, 'README: propose, check the proposal, serve the drift');
  const [propose = '', check = '', serve = ''] = commands;
  t.match(serve, /^npx fastmoss-kit serve --drift reports\/production\/drift\.json --port 4010$/);
  const target = await startMutantServer();
  t.teardown(() => target.close());
  target.use(combined(MUTATIONS.fieldAdded, MUTATIONS.totalAsNumber));
  const dir = tempDir('drift-loop-e2e-');

  const first = await run(propose, target.baseUrl, dir);
  t.equal(first.status, 1, 'contract finds the drift');
  t.same(ids(`${dir}/reports/production/drift.json`), [
    'schema-type:$.data.total:type',
    'undocumented-field:$.data.list[*].creator.shop_level',
  ]);
  t.match(first.stderr, /spec proposal \(2 change\(s\)\) written to reports\/openapi\.proposed\.yaml/);
  const proposal = readFileSync(`${dir}/reports/openapi.proposed.yaml`, 'utf8');
  t.match(
    proposal,
    /Decision: shop_level is an optional integer[^\n]*\(finding `undocumented-field:\$\.data\.list\[\*\]\.creator\.shop_level`\)/,
  );
  t.notMatch(proposal, TOKEN);

  const second = await run(check, target.baseUrl, dir);
  t.equal(second.status, 0, `the proposal holds against the same target (${second.stderr.slice(-500)})`);
  t.same(ids(`${dir}/reports/proposed/drift.json`), []);

  const served = serve.replace('npx fastmoss-kit ', '').replace('--port 4010', '--port 0').replace('reports/', `${dir}/reports/`);
  const fake = spawnCli(served.split(' '), {}, [CLI]);
  t.teardown(() => fake.child.kill());
  const url = await servedUrl(fake, 60_000);
  const answer = await fetch(`${url}/creator/v1/rank/topPotential`, {
    method: 'POST',
    headers: { authorization: 'Bearer downstream-test', 'content-type': 'application/json' },
    body: '{"pagesize":5}',
  });
  t.equal(answer.status, 200);
  const seen = downstreamView((await answer.json()) as Json);
  t.ok(seen.total > 0, 'total arrives as a number, as production sent it');
  t.equal(seen.levels.length, 5);
  t.ok(
    seen.levels.every((level) => Number.isInteger(level)),
    'every creator carries shop_level, of the type production sent',
  );
  t.equal(fake.output().stderr, '', 'the fake shows every finding of the report');
});
