import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { CONTRACT_HELP } from '../../src/cli/contract-command.js';
import { capture, CASE_COUNT } from '../helpers/contract.js';
import { closedPort, startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

function io(env: Record<string, string> = {}) {
  const stdout = capture();
  const stderr = capture();
  return { io: { env, stdout: stdout.write, stderr: stderr.write, progress: () => undefined }, stdout, stderr };
}

const reportDir = () => tempDir('contract-cli-');

t.test('help: the command is listed and documents its flags and exit codes', async (t) => {
  const main = io();
  t.equal((await runCli(['--help'], main.io)).exitCode, 0);
  t.match(main.stdout.text(), /contract\s+check a target/);
  const help = io();
  t.equal((await runCli(['contract', '--help'], help.io)).exitCode, 0);
  t.equal(help.stdout.text(), CONTRACT_HELP);
  t.match(
    CONTRACT_HELP,
    /--budget N[\s\S]*--pace-ms N[\s\S]*--timeout-s N[\s\S]*--fail-on LEVEL[\s\S]*--report-dir DIR[\s\S]*--offline \[DIR\]/,
  );
  t.match(CONTRACT_HELP, /\n {2}--min-judged N +the fewest cases that must be judged \(passed or failed\) for a verdict/);
  t.match(CONTRACT_HELP, /\nExit codes: 0 no new drift and enough judged, 1 new drift found, or inconclusive: too little judged/);
  t.match(main.stdout.text(), /1 the command found a problem \(e\.g\. drift, or a contract run that judged too little for\na verdict\)/);
});

t.test('the dispatcher: no command, an unknown one, serve --help', async (t) => {
  const none = io();
  t.equal((await runCli([], none.io)).exitCode, 2);
  t.match(none.stdout.text(), /^Usage: fastmoss-kit <command>/);
  const unknown = io();
  t.equal((await runCli(['contracts'], unknown.io)).exitCode, 2);
  t.equal(unknown.stderr.text(), 'fastmoss-kit: Unknown command "contracts". Run `fastmoss-kit --help` for the list.\n');
  const serveHelp = io();
  t.same(await runCli(['serve', '--help'], serveHelp.io), { exitCode: 0 });
  t.match(serveHelp.stdout.text(), /^Usage: fastmoss-kit serve/);
});

t.test('usage errors exit 2 with a message that says what to do', async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['--fail-on', 'everything'], {}, /--fail-on must be breaking or additive: got "everything"/],
    [['--budget', '0'], {}, /--budget must be an integer from 1 to 1000000: got "0"/],
    [['--base-url', 'not a url'], {}, /--base-url must be an absolute http\(s\) URL/],
    [['--base-url', 'ftp://example.com'], {}, /--base-url must use http or https: got ftp/],
    [
      ['--base-url', 'https://example.com'],
      {},
      /--base-url needs credentials: pass --token KEY or set FASTMOSS_API_KEY, or put the signed query parameters/,
    ],
    [[], { FASTMOSS_BASE_URL: 'https://example.com', FASTMOSS_API_KEY: 'two words' }, /must not contain whitespace/],
    [['--nope'], {}, /Unknown option '--nope'.*fastmoss-kit contract --help/],
  ];
  for (const [args, env, message] of cases) {
    const run = io(env);
    t.equal((await runCli(['contract', ...args], run.io)).exitCode, 2, args.join(' '));
    t.match(run.stderr.text(), message);
    t.equal(run.stdout.text(), '');
  }
});

t.test('an unreachable target exits 2 naming the URL', async (t) => {
  const port = await closedPort();
  const run = io({ FASTMOSS_API_KEY: 'k-123456' });
  const code = (
    await runCli(['contract', '--base-url', `http://127.0.0.1:${port}`, '--timeout-s', '5', '--report-dir', reportDir()], run.io)
  ).exitCode;
  t.equal(code, 2);
  t.equal(
    run.stderr.text(),
    `fastmoss-kit: Failed to reach the target at http://127.0.0.1:${port}: ECONNREFUSED. Make sure the server is running and --base-url is right (scheme, host, port).\n`,
  );
});

t.test('against a target given by flag or environment: TAP on stdout, the report in --report-dir, exit 0 when clean', async (t) => {
  const server = await startMutantServer();
  t.teardown(() => server.close());
  const dir = reportDir();
  const run = io({ FASTMOSS_BASE_URL: server.baseUrl, FASTMOSS_API_KEY: TOKEN });
  t.equal((await runCli(['contract', '--report-dir', dir, '--budget', '12', '--pace-ms', '0'], run.io)).exitCode, 0);
  const tap = run.stdout.text();
  t.match(tap, /^TAP version 14\n# fastmoss-kit contract: http:\/\/127\.0\.0\.1:\d+, budget 12 requests\n/);
  t.match(tap, /\nok 1 - baseline: /);
  t.match(tap, / # SKIP not run: over the budget of 12 requests\n/);
  t.match(tap, new RegExp(`\\n1\\.\\.${CASE_COUNT}\\n# the spec holds: 0 breaking, 0 additive, 0 info finding\\(s\\)`));
  t.match(run.stderr.text(), /^contract: the spec holds; report in .*drift\.json and .*drift\.md \(\d+\.\d\d s\)\n$/);
  const report = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as {
    requests_sent: number;
    budget: number;
    skipped: unknown[];
    cases: unknown[];
  };
  t.equal(report.requests_sent, 12);
  t.equal(report.budget, 12);
  t.equal(report.cases.length + report.skipped.length, CASE_COUNT, 'every case past the budget is named');
});

t.test('by default, the in-process fake: exit 0 and a clean report', async (t) => {
  const dir = reportDir();
  const run = io();
  t.equal((await runCli(['contract', '--report-dir', dir], run.io)).exitCode, 0);
  t.match(run.stdout.text(), /# fastmoss-kit contract: http:\/\/127\.0\.0\.1:\d+ \(in-process fake\), budget unlimited/);
  t.match(readFileSync(join(dir, 'drift.md'), 'utf8'), /^# Contract report: the spec still holds\n/);
});
