import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { runSuite } from '../../src/contract/run-suite.js';
import { capture } from '../helpers/contract.js';
import { closedPort, MUTATIONS, startMutantServer } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The key never appears in stdout, stderr, the report, or a thrown error. */
const CANARY = `canary-key-${randomBytes(12).toString('hex')}`;

function io() {
  const stdout = capture();
  const stderr = capture();
  return { io: { env: {}, stdout: stdout.write, stderr: stderr.write, progress: stderr.write }, stdout, stderr };
}

function assertNoCanary(t: Test, texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) t.notOk(text.includes(CANARY), `no key in ${where} (${text.length} chars)`);
}

const filesOf = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

// A dozen requests (the auth refusals among them) show it; whole runs with a key in every output are test/e2e/short-tokens.test.ts.
t.test('a run against a fake started with --token <canary>: the key is nowhere in the output', async (t) => {
  const started = io();
  const serve = await runCli(['serve', '--token', CANARY, '--port', '0'], started.io);
  t.teardown(() => serve.server?.app.close());
  const dir = tempDir('canary-');
  const run = io();
  const outcome = await runCli(
    ['contract', '--base-url', serve.server?.url ?? '', '--token', CANARY, '--budget', '12', '--report-dir', dir],
    run.io,
  );
  t.equal(outcome.exitCode, 0, 'the key was accepted: the run is clean');
  const files = filesOf(dir);
  t.same(Object.keys(files).sort(), ['drift.json', 'drift.md']);
  t.match(files['drift.json'], /"authorization": "Bearer <redacted>"|"findings": \[\]/);
  assertNoCanary(t, { stdout: run.stdout.text(), stderr: run.stderr.text(), 'serve output': started.stdout.text(), ...files });
});

t.test('a target that echoes the key back: still nowhere, and reported as an undocumented field', async (t) => {
  const server = await startMutantServer(CANARY);
  t.teardown(() => server.close());
  server.use(MUTATIONS.keyEchoed);
  const dir = tempDir('canary-echo-');
  const run = io();
  const outcome = await runCli(
    ['contract', '--base-url', server.baseUrl, '--token', CANARY, '--budget', '12', '--report-dir', dir],
    run.io,
  );
  t.equal(outcome.exitCode, 1);
  const files = filesOf(dir);
  t.match(files['drift.md'], /undocumented-field at `\$\.echo`/);
  t.match(files['drift.json'], /"observed": "string \\"Bearer <redacted>\\""/, 'the echoed key is shown redacted');
  assertNoCanary(t, { stdout: run.stdout.text(), stderr: run.stderr.text(), ...files });
});

t.test('thrown errors carry no key, even when the failure itself quotes it', async (t) => {
  const port = await closedPort();
  const run = io();
  const outcome = await runCli(
    ['contract', '--base-url', `http://user:${CANARY}@127.0.0.1:${port}/?key=${CANARY}`, '--token', CANARY],
    run.io,
  );
  t.equal(outcome.exitCode, 2);
  t.match(run.stderr.text(), /Failed to reach the target at http:\/\/127\.0\.0\.1:\d+:/);
  const error = (await runSuite({
    target: { baseUrl: 'https://openapi.example.test', token: CANARY },
    fetch: async (_url, init) => Promise.reject(new Error(`refused ${JSON.stringify(init?.headers)}`)),
  }).catch((e: unknown) => e)) as Error;
  t.match(error.message, /refused \{"authorization":"Bearer <redacted>",/);
  assertNoCanary(t, { stderr: run.stderr.text(), stdout: run.stdout.text(), message: error.message, stack: error.stack ?? '' });
});
