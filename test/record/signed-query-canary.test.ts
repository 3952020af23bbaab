import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { capture } from '../helpers/contract.js';
import { ENDPOINT } from '../helpers/fake.js';
import { NOW, startMutantServer } from '../helpers/mutant-server.js';
import { servedUrl, spawnCli } from '../helpers/spawn-cli.js';

/**
 * Canary values in each of the signed form's four parameters, sent through every path that writes something: serve
 * --log, serve --proxy --record (to an upstream that echoes the URL back), record, contract, contract --offline, and
 * replay. None may appear in any output or file.
 */
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const CANARY = {
  client_id: `canaryclient${hex(8)}`,
  access_token: `canarytoken${hex(12)}`,
  timestamp: String(Math.floor(NOW.getTime() / 1000) - randomInt(1, 299)),
  sign: hex(32),
};
const QUERY = new URLSearchParams(CANARY).toString();

function assertClean(t: Test, texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) {
    for (const [name, value] of Object.entries(CANARY)) t.notOk(text.includes(value), `no ${name} in ${where} (${text.length} chars)`);
  }
}

const filesOf = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((name) => [join(dir, name), readFileSync(join(dir, name), 'utf8')]));

function io() {
  const stdout = capture();
  const stderr = capture();
  return { io: { env: {}, stdout: stdout.write, stderr: stderr.write, progress: stderr.write }, texts: () => ({ stdout: stdout.text(), stderr: stderr.text() }) };
}

const post = (url: string, headers: Record<string, string> = {}, body = '{"pagesize":2}') =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

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
  t.same(answers.map((a) => a.status), [401, 401, 401, 404, 400]);
  const bodies = await Promise.all(answers.map((a) => a.text()));
  cli.child.kill('SIGTERM');
  t.equal(await cli.exited, 0);
  const { stdout, stderr } = cli.output();
  t.match(stdout, /"url":"\/creator\/v1\/rank\/topPotential\?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted>"/, 'requests are logged, redacted');
  assertClean(t, { stdout, stderr, 'answer bodies': bodies.join('\n') });
});

t.test('serve --proxy --record --log: forwarded unchanged, recorded and logged redacted, even when the upstream echoes the URL', async (t) => {
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
  const dir = mkdtempSync(join(tmpdir(), 'signed-proxy-'));
  const cli = spawnCli(['serve', '--port', '0', '--log', '--proxy', upstream.baseUrl, '--record', dir]);
  const url = await servedUrl(cli);
  const answer = await post(`${url}${ENDPOINT}?${QUERY}`);
  t.equal(answer.status, 200, 'the upstream accepted the caller\'s own signed query');
  t.same(seen, [`${ENDPOINT}?${QUERY}`], 'forwarded unchanged');
  t.match(answer.headers.get('x-spec-violations'), /\$\.echo undocumented-field/);
  const headers = JSON.stringify([...answer.headers]);
  await answer.text();
  await new Promise((resolve) => setTimeout(resolve, 200));
  cli.child.kill('SIGTERM');
  t.equal(await cli.exited, 0);
  const files = filesOf(dir);
  const [recording] = Object.values(files);
  t.match(JSON.parse(recording ?? '{}'), { request: { path: `${ENDPOINT}?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted>` } });
  const { stdout, stderr } = cli.output();
  t.match(stderr, /^proxy: POST \/creator\/v1\/rank\/topPotential\?client_id=<redacted>.* undocumented-field/m);
  assertClean(t, { stdout, stderr, headers, ...files });
});

t.test('record, contract and contract --offline with the signed parameters in --base-url', async (t) => {
  const target = await startMutantServer(CANARY.access_token);
  t.teardown(() => target.close());
  const baseUrl = `${target.baseUrl}?${QUERY}`;

  const recordDir = mkdtempSync(join(tmpdir(), 'signed-record-'));
  const recorded = io();
  t.equal((await runCli(['record', '--base-url', baseUrl, '--out', recordDir], recorded.io)).exitCode, 0);
  const recordings = filesOf(recordDir);
  t.ok(Object.keys(recordings).length >= 2);
  for (const text of Object.values(recordings)) t.match(JSON.parse(text), { request: { path: /\?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted>$/ }, response: { status: 200 } });

  const reportDir = mkdtempSync(join(tmpdir(), 'signed-contract-'));
  const contract = io();
  t.equal((await runCli(['contract', '--base-url', baseUrl, '--report-dir', reportDir], contract.io)).exitCode, 0, 'the signed query is the key');
  const report = JSON.parse(readFileSync(join(reportDir, 'drift.json'), 'utf8')) as { cases: { name: string; outcome: string }[] };
  t.match(report.cases.find((c) => c.name.startsWith('auth: signed query parameters with made-up values')), { outcome: 'passed' });

  // A recording made by hand or by an older version: the credentials in clear in its path, and echoed in its body.
  const offlineDir = mkdtempSync(join(tmpdir(), 'signed-offline-'));
  const [first] = Object.values(recordings);
  const old = JSON.parse(first ?? '{}') as { request: { path: string; body?: unknown }; response: { body: Record<string, unknown> } };
  old.request.path = `${ENDPOINT}?${QUERY}`;
  writeFileSync(join(offlineDir, '001-old.json'), JSON.stringify(old));
  const offlineReports = mkdtempSync(join(tmpdir(), 'signed-offline-report-'));
  const offline = io();
  t.equal((await runCli(['contract', '--offline', offlineDir, '--report-dir', offlineReports], offline.io)).exitCode, 0);
  const offlineReport = JSON.parse(readFileSync(join(offlineReports, 'drift.json'), 'utf8')) as { cases: { outcome: string }[] };
  t.same(offlineReport.cases.map((c) => c.outcome), ['passed'], 'a path with a query is still the spec\'s endpoint');

  // Replay matches the recorded body whatever credentials the new request carries.
  const replay = await runCli(['serve', '--port', '0', '--fixtures', offlineDir, '--now', NOW.toISOString()], io().io);
  t.teardown(() => replay.server?.app.close());
  const other = new URLSearchParams({ ...CANARY, client_id: 'another-app', access_token: 'another-token', sign: hex(20) }).toString();
  const replayed = await post(`${replay.server?.url ?? ''}${ENDPOINT}?${other}`, {}, JSON.stringify(old.request.body ?? {}));
  t.match(replayed.headers.get('x-fake-source'), /^recorded 001-old\.json$/);
  await replayed.text();

  assertClean(t, {
    ...recorded.texts(),
    ...Object.fromEntries(Object.entries(contract.texts()).map(([k, v]) => [`contract ${k}`, v])),
    ...Object.fromEntries(Object.entries(offline.texts()).map(([k, v]) => [`offline ${k}`, v])),
    ...recordings,
    ...filesOf(reportDir),
    ...filesOf(offlineReports),
  });
});

t.test('an unreachable target given with the signed parameters: exit 2, and the error names the URL without them', async (t) => {
  const closed = await startMutantServer(CANARY.access_token);
  const { baseUrl } = closed;
  await closed.close();
  const run = io();
  t.equal((await runCli(['contract', '--base-url', `${baseUrl}?${QUERY}`], run.io)).exitCode, 2);
  t.match(run.texts().stderr, new RegExp(`Failed to reach the target at ${baseUrl.replaceAll('.', '\\.')}: ECONNREFUSED`));
  assertClean(t, run.texts());
});
