import t from 'tap';
import { ENDPOINT } from '../helpers/fake.js';
import { NOW, startMutantServer } from '../helpers/mutant-server.js';
import { assertClean, CANARY, filesOf, post, QUERY } from '../helpers/signed-canary.js';
import { servedUrl, spawnCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(60_000);

/** The signed form's canaries through the real serve process: --log, and --proxy --record --log. */
t.test('serve --log: the signed form is accepted, refused by name, and no value is logged', async (t) => {
  const cli = spawnCli(['serve', '--port', '0', '--log', '--now', NOW.toISOString(), '--token', CANARY.access_token]);
  const url = await servedUrl(cli);
  const accepted = await post(`${url}${ENDPOINT}?${QUERY}`);
  t.equal(accepted.status, 200);
  const answers = [
    await post(`${url}${ENDPOINT}?${QUERY}&sign=${CANARY.sign}`),
    await post(`${url}${ENDPOINT}?${new URLSearchParams({ ...CANARY, access_token: `${CANARY.access_token}x` }).toString()}`),
    await post(`${url}${ENDPOINT}?${new URLSearchParams({ ...CANARY, sign: `${CANARY.sign}zz` }).toString()}`),
    await post(`${url}/creator/v1/rank/nope?${QUERY}`),
    await post(`${url}/%zz?${QUERY}`),
  ];
  t.same(
    answers.map((a) => a.status),
    [401, 401, 401, 404, 400],
  );
  const bodies = await Promise.all(answers.map((a) => a.text()));
  cli.child.kill('SIGTERM');
  t.equal(await cli.exited, 0);
  const { stdout, stderr } = cli.output();
  t.match(
    stdout,
    /"url":"\/creator\/v1\/rank\/topPotential\?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted>"/,
    'requests are logged, redacted',
  );
  assertClean(t, { stdout, stderr, 'answer bodies': bodies.join('\n') });
});

t.test(
  'serve --proxy --record --log: forwarded unchanged, recorded and logged redacted, even when the upstream echoes the URL',
  async (t) => {
    const upstream = await startMutantServer(CANARY.access_token);
    t.teardown(() => upstream.close());
    const seen: string[] = [];
    upstream.use({
      name: 'echoes the URL',
      rewrite: (body, _reply, request) => {
        seen.push(request.url);
        body['echo'] = request.url;
      },
    });
    const dir = tempDir('signed-proxy-');
    const cli = spawnCli(['serve', '--port', '0', '--log', '--proxy', upstream.baseUrl, '--record', dir]);
    const url = await servedUrl(cli);
    const answer = await post(`${url}${ENDPOINT}?${QUERY}`);
    t.equal(answer.status, 200, "the upstream accepted the caller's own signed query");
    t.same(seen, [`${ENDPOINT}?${QUERY}`], 'forwarded unchanged');
    t.match(answer.headers.get('x-spec-violations'), /\$\.echo undocumented-field/);
    const headers = JSON.stringify([...answer.headers]);
    await answer.text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    cli.child.kill('SIGTERM');
    t.equal(await cli.exited, 0);
    const files = filesOf(dir);
    const [recording] = Object.values(files);
    t.match(JSON.parse(recording ?? '{}'), {
      request: { path: `${ENDPOINT}?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted>` },
    });
    const { stdout, stderr } = cli.output();
    t.match(stderr, /^proxy: POST \/creator\/v1\/rank\/topPotential\?client_id=<redacted>.* undocumented-field/m);
    assertClean(t, { stdout, stderr, headers, ...files });
  },
);
