import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { markdownText } from '../../src/text-escape.js';
import { captureIo } from '../helpers/io.js';
import { closedPort, startMutantServer } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/** What a failed CI step leaves behind: contract's exit 2 with --junit, in GitHub Actions, or both. */

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'testcase' });

interface ErroredJunit {
  testsuites: {
    '@tests': string;
    '@failures': string;
    '@errors': string;
    testsuite: {
      '@errors': string;
      testcase: { '@name': string; '@classname': string; error: { '@message': string; '@type': string; '#text': string } }[];
    };
  };
}

/** A contract run in GitHub Actions with --junit: its exit code, stderr, the JUnit file, the job summary. */
async function failedRun(args: readonly string[], env: Record<string, string> = {}) {
  const dir = tempDir('failed-step-');
  const junit = join(dir, 'reports', 'junit.xml');
  const summary = join(dir, 'summary.md');
  const io = captureIo({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, ...env });
  const { exitCode } = await runCli(['contract', ...args, '--report-dir', join(dir, 'reports'), '--junit', junit], io);
  const xml = existsSync(junit) ? readFileSync(junit, 'utf8') : '';
  return {
    exitCode,
    err: io.err(),
    out: io.out(),
    xml,
    junit: xml === '' ? undefined : (parser.parse(xml) as ErroredJunit),
    summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '',
  };
}

const annotations = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('::'));

t.test('a target not ready within --wait-s: exit 2, a JUnit file with one errored testcase, an ::error and a summary line', async (t) => {
  const port = await closedPort();
  const run = await failedRun(['--base-url', `http://127.0.0.1:${port}`, '--token', 'k-123456', '--wait-s', '0']);
  t.equal(run.exitCode, 2);
  // The last attempt is refused, or on a loaded machine times out: either way it is named.
  const cause = new RegExp(
    `The target at http://127\\.0\\.0\\.1:${port} did not answer within 0 s \\(--wait-s 0; last attempt: [^)]+\\)\\.`,
  );
  t.match(run.err, cause);
  t.equal(XMLValidator.validate(run.xml), true, 'a valid JUnit file');
  const suites = run.junit?.testsuites;
  t.same([suites?.['@tests'], suites?.['@failures'], suites?.['@errors']], ['1', '0', '1']);
  t.equal(suites?.testsuite.testcase.length, 1);
  const [testcase] = suites?.testsuite.testcase ?? [];
  t.equal(testcase?.['@name'], 'the contract run reached a verdict');
  t.equal(testcase?.['@classname'], 'fastmoss-kit.contract.setup');
  t.equal(testcase?.error['@type'], 'TargetUnreachableError');
  t.match(testcase?.error['@message'], cause);
  t.match(testcase?.error['#text'], /raise --wait-s\.$/, 'the whole message, its advice included');
  const [annotation, ...more] = annotations(run.err);
  t.same(more, [], 'one annotation');
  t.match(
    annotation,
    /^::error title=Contract run ended without a verdict::The target at http:\/\/127\.0\.0\.1:\d+ did not answer within 0 s/,
  );
  t.match(run.summary, /^# Contract run ended without a verdict\n\nThe target at http\\?:\/\/127\.0\.0\.1:\d+ did not answer within 0 s/);
  t.equal(run.out, '', 'stdout stays TAP only: nothing was run');
});

t.test('a refused key: the whole message, never cut mid-word, and escaped for each output', async (t) => {
  const server = await startMutantServer('the-right-key');
  t.teardown(() => server.close());
  const run = await failedRun(['--base-url', server.baseUrl, '--token', 'a-wrong-key']);
  t.equal(run.exitCode, 2);
  const said =
    'The target refused the API key (HTTP 401, code 30001): "Bearer token is not accepted by this server: use one of the tokens it was started with (--token)." Check --token or FASTMOSS_API_KEY.';
  t.match(run.err, said);
  t.notMatch(run.err, /start\.\.\.\./, 'not cut mid-word');
  t.match(run.junit?.testsuites.testsuite.testcase[0]?.error['@message'], said);
  t.match(run.summary, markdownText(said), 'escaped as markdown text');
  t.notMatch(run.xml + run.err + run.summary, /a-wrong-key/, 'the key is never written');

  server.use({
    name: 'a refusal whose message would start workflow commands',
    rewrite: (body) => {
      body['message'] = `50% refused\n::add-mask::x ${'word '.repeat(100)}end`;
    },
  });
  const hostile = await failedRun(['--base-url', server.baseUrl, '--token', 'a-wrong-key']);
  t.equal(hostile.exitCode, 2);
  const [annotation, ...more] = annotations(hostile.err);
  t.same(more, [], 'the message cannot add a workflow command of its own');
  t.match(annotation, /50%25 refused\\n::add-mask::x word/, 'escaped: % as %25; the line break stays inside the JSON string');
  t.match(annotation, /word \[\.\.\.\]" Check --token/, 'a long message is cut at a word, and says so');
  t.equal(XMLValidator.validate(hostile.xml), true);
});

t.test('a usage error after the flags are read, or an unknown flag: still a JUnit file and an annotation', async (t) => {
  const budget = await failedRun(['--budget', '0']);
  t.equal(budget.exitCode, 2);
  t.match(budget.junit?.testsuites.testsuite.testcase[0]?.error, {
    '@type': 'UsageError',
    '@message': /--budget must be an integer from 1/,
  });
  t.match(annotations(budget.err)[0], /^::error title=Contract run ended without a verdict::--budget must be an integer/);
  const unknown = await failedRun(['--nope']);
  t.equal(unknown.exitCode, 2);
  t.match(unknown.junit?.testsuites.testsuite.testcase[0]?.error['@message'], /Unknown option '--nope'/);
});

t.test('outside GitHub Actions and without --junit, exit 2 writes only its message', async (t) => {
  const port = await closedPort();
  const io = captureIo();
  const dir = tempDir('failed-step-');
  const { exitCode } = await runCli(
    ['contract', '--base-url', `http://127.0.0.1:${port}`, '--token', 'k-123456', '--wait-s', '0', '--report-dir', dir],
    io,
  );
  t.equal(exitCode, 2);
  t.notMatch(io.err(), /^::/m);
  t.equal(io.err().split('\n').filter(Boolean).length, 1, 'one line');
});

t.test('an output that cannot be written is a warning: the exit code and message stay the cause', async (t) => {
  const dir = tempDir('failed-step-');
  writeFileSync(join(dir, 'file'), '');
  mkdirSync(join(dir, 'summary-is-a-directory'));
  const io = captureIo({ GITHUB_STEP_SUMMARY: join(dir, 'summary-is-a-directory') });
  const { exitCode } = await runCli(['contract', '--budget', '0', '--junit', join(dir, 'file', 'junit.xml')], io);
  t.equal(exitCode, 2);
  t.match(io.err(), /^contract: could not write the JUnit report to .*file\/junit\.xml: .*\.$/m);
  t.match(io.err(), /^contract: could not write the job summary \(GITHUB_STEP_SUMMARY\) to .*summary-is-a-directory: .*\.$/m);
  t.match(io.err(), /^fastmoss-kit: --budget must be an integer from 1 to 1000000: got "0"\.$/m);
});
