import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { capture } from '../helpers/contract.js';
import { ENDPOINT } from '../helpers/fake.js';
import { NOW, startMutantServer } from '../helpers/mutant-server.js';
import { assertClean, CANARY, filesOf, hex, post, QUERY } from '../helpers/signed-canary.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The signed form's canaries through record, contract, contract --offline and replay, in-process (test/e2e has serve's processes). */
function io() {
  const stdout = capture();
  const stderr = capture();
  return {
    io: { env: {}, stdout: stdout.write, stderr: stderr.write, progress: stderr.write },
    texts: () => ({ stdout: stdout.text(), stderr: stderr.text() }),
  };
}

t.test('record, contract and contract --offline with the signed parameters in --base-url', async (t) => {
  const target = await startMutantServer(CANARY.access_token);
  t.teardown(() => target.close());
  const baseUrl = `${target.baseUrl}?${QUERY}`;

  const recordDir = tempDir('signed-record-');
  const recorded = io();
  t.equal((await runCli(['record', '--base-url', baseUrl, '--out', recordDir], recorded.io)).exitCode, 0);
  const recordings = filesOf(recordDir);
  t.ok(Object.keys(recordings).length >= 2);
  for (const text of Object.values(recordings))
    t.match(JSON.parse(text), {
      request: { path: /\?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted>$/ },
      response: { status: 200 },
    });

  const reportDir = tempDir('signed-contract-');
  const contract = io();
  t.equal(
    (await runCli(['contract', '--base-url', baseUrl, '--budget', '12', '--report-dir', reportDir], contract.io)).exitCode,
    0,
    'the signed query is the key',
  );
  const report = JSON.parse(readFileSync(join(reportDir, 'drift.json'), 'utf8')) as { cases: { name: string; outcome: string }[] };
  t.match(
    report.cases.find((c) => c.name.startsWith('auth: signed query parameters with made-up values')),
    { outcome: 'passed' },
  );

  // A recording made by hand or by an older version: the credentials in clear in its path, and echoed in its body.
  const offlineDir = tempDir('signed-offline-');
  const [first] = Object.values(recordings);
  const old = JSON.parse(first ?? '{}') as { request: { path: string; body?: unknown }; response: { body: Record<string, unknown> } };
  old.request.path = `${ENDPOINT}?${QUERY}`;
  writeFileSync(join(offlineDir, '001-old.json'), JSON.stringify(old));
  const offlineReports = tempDir('signed-offline-report-');
  const offline = io();
  t.equal((await runCli(['contract', '--offline', offlineDir, '--report-dir', offlineReports], offline.io)).exitCode, 0);
  const offlineReport = JSON.parse(readFileSync(join(offlineReports, 'drift.json'), 'utf8')) as { cases: { outcome: string }[] };
  t.same(
    offlineReport.cases.map((c) => c.outcome),
    ['passed'],
    "a path with a query is still the spec's endpoint",
  );

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
