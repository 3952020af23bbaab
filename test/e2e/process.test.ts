import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { HEAP_GROWING_PERCENT } from '../../src/cli/heap-growth.js';
import { ENDPOINT } from '../helpers/fake.js';
import { servedUrl, spawnCli } from '../helpers/spawn-cli.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(60_000);

const post = (url: string, token: string, headers: Record<string, string> = {}, body = '{"pagesize":1}') =>
  fetch(`${url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body,
  });

t.test('SIGTERM lets in-flight requests finish, then the process exits 0', async (t) => {
  const cli = spawnCli(['serve', '--port', '0']);
  const url = await servedUrl(cli);
  const inFlight = [post(url, 'a', { prefer: 'latency=700' }), post(url, 'b', { prefer: 'latency=300' })];
  await new Promise((r) => setTimeout(r, 100));
  cli.child.kill('SIGTERM');
  const answers = await Promise.all(inFlight);
  t.same(
    answers.map((a) => a.status),
    [200, 200],
    'both in-flight requests answered',
  );
  t.equal(((await answers[0]?.json()) as { code: number }).code, 0);
  t.equal(await cli.exited, 0);
  t.match(cli.output().stderr, /received SIGTERM: finishing in-flight requests/);
});

t.test("a canary token never appears in the fake's output, even with --log", async (t) => {
  const canary = `canary-${randomBytes(12).toString('hex')}`;
  const cli = spawnCli(['serve', '--port', '0', '--log', '--token', canary]);
  const url = await servedUrl(cli);
  t.equal((await post(url, canary)).status, 200);
  const refused = await post(url, `${canary}x`);
  t.equal(refused.status, 401);
  t.notMatch(await refused.text(), canary);
  const malformed = await post(url, `${canary} ${canary}`);
  t.notMatch(await malformed.text(), canary);
  const badBody = await post(url, canary, {}, '{"pagesiz": 1}');
  t.equal(badBody.status, 400);
  cli.child.kill('SIGINT');
  t.equal(await cli.exited, 0);
  const { stdout, stderr } = cli.output();
  t.match(stdout, /"url":"\/creator\/v1\/rank\/topPotential"/, 'requests were logged');
  t.notMatch(stdout + stderr, canary, 'the token is nowhere in the output');
  t.notMatch(stdout, /1 accepted token\(s\).*canary/);
});

t.test("serve's heap growth flag is one this Node's V8 takes at run time (a misspelt one is reported)", async (t) => {
  const setting = (flag: string) =>
    spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], { encoding: 'utf8' });
  t.equal(setting(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`).stderr, '');
  t.match(setting(`--heap-growing-percnt=${HEAP_GROWING_PERCENT}`).stderr, /unrecognized|unknown|error/i);
});
