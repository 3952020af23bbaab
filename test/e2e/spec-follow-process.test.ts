import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { stringify } from 'yaml';
import { describeSpec } from '../../src/openapi/describe.js';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { ENDPOINT } from '../helpers/fake.js';
import { servedUrl, spawnCli, unmeasured } from '../helpers/spawn-cli.js';
import { teamSpecWithNewMembers } from '../helpers/team-spec.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(120_000);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = '2026-11-25T00:00:00Z';
const ASK = '{"pagesize":20}';
const team = teamSpecWithNewMembers();
const path = join(tempDir('spec-follow-process-'), 'team.yaml');
writeFileSync(path, stringify(team));

const post = async (url: string, body: string, prefer?: string): Promise<string> =>
  (
    await fetch(`${url}${ENDPOINT}`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json', ...(prefer === undefined ? {} : { prefer }) },
      body,
    })
  ).text();

/** serve --spec in its own process (src/ through tsx, or the build's dist/cli.js): the answer to ASK, after `before`. */
async function served(entry: readonly string[] | undefined, before: readonly string[]): Promise<string> {
  const cli = spawnCli(['serve', '--port', '0', '--spec', path, '--seed', '3', '--now', NOW], {}, entry);
  try {
    const url = await servedUrl(cli);
    for (const body of before) await post(url, body, 'seed=11');
    return await post(url, ASK);
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
}

t.test('the same seed and request give the same bytes in every process: json-schema-faker keeps no random state', async (t) => {
  const fromSource = await served(undefined, []);
  const fromBuild = await served([join(ROOT, 'dist/cli.js')], [ASK, '{"pagesize":3,"page":4}', '{"pagesiz":1}']);
  // The CommonJS build inlines its own copy of json-schema-faker (scripts/bundle.ts): it must draw the same values.
  const script = `const { buildFakeServer } = require(${JSON.stringify(join(ROOT, 'dist/cjs/index.cjs'))});
    const app = buildFakeServer({ spec: ${JSON.stringify(path)}, seed: 3, now: new Date(${JSON.stringify(NOW)}) });
    app.inject({ method: 'POST', url: ${JSON.stringify(ENDPOINT)}, headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, payload: ${JSON.stringify(ASK)} })
      .then((answer) => { process.stdout.write(answer.body); return app.close(); });`;
  const [command, args] = unmeasured(process.execPath, ['-e', script]);
  const required = spawnSync(command, args, { encoding: 'utf8' });
  t.equal(required.status, 0, required.stderr);
  t.equal(fromBuild, fromSource, 'the build, after other answers, as the source');
  t.equal(required.stdout, fromSource, 'the CommonJS build as the source');
  const answer = JSON.parse(fromSource) as { data: { list: Record<string, unknown>[] } };
  t.equal(answer.data.list.length, 20);
  t.same(createResponseValidator(describeSpec(team))(200, answer), { valid: true, errors: [] }, "valid against the team's spec");
});
