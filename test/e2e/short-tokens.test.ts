import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import t from 'tap';
import { Parser, type FinalResults } from 'tap-parser';
import { runCli } from '../../src/cli/run-cli.js';
import { MUTATIONS, startMutantServer } from '../helpers/mutant-server.js';
import { captureIo } from '../helpers/io.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(150_000);

// Item 5 of issue 15: any token, down to one character, leaves every output valid and readable, and a real key
// appears in none. Each run is the CLI against a fake accepting only that token, drifting (a new undocumented member)
// so that the reports show findings and the requests that showed them.
const KEY = 'fm_live_8c1f4e2a9b7d3c6e5f0a1b2c3d4e5f6a7b'; // 40 characters, the shape of a real key
const TOKENS = ['1', 'x', 'e', 'Bearer', KEY] as const;

interface Outputs {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: string;
  readonly md: string;
  readonly junit: string;
  readonly summary: string;
}

async function run(token: string, mutation: keyof typeof MUTATIONS = 'fieldAdded'): Promise<Outputs> {
  const server = await startMutantServer(token);
  server.use(MUTATIONS[mutation]);
  const dir = tempDir('short-token-');
  const io = captureIo({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(dir, 'summary.md') });
  try {
    const outcome = await runCli(
      ['contract', '--base-url', server.baseUrl, '--token', token, '--report-dir', dir, '--junit', join(dir, 'junit.xml')],
      io,
    );
    const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
    return {
      exitCode: outcome.exitCode,
      stdout: io.out(),
      stderr: io.err(),
      json: read('drift.json'),
      md: read('drift.md'),
      junit: read('junit.xml'),
      summary: read('summary.md'),
    };
  } finally {
    await server.close();
  }
}

/** What differs between two runs for reasons other than the token: the port, the clock, timings. */
function normalise(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/short-token-\w+/g, 'DIR')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, 'TIME')
    .replace(/"duration_ms": \d+/g, '"duration_ms": 0')
    .replace(/\d+\.\d\d s\b/g, 'N s')
    .replace(/time="[\d.]+"/g, 'time="0"');
}

function parseTap(text: string): Promise<{ results: FinalResults; extra: string[] }> {
  return new Promise((resolve) => {
    const extra: string[] = [];
    const parser = new Parser((results) => resolve({ results, extra }));
    parser.on('extra', (line: string) => extra.push(line));
    parser.end(text);
  });
}

/** Every `<redacted>` in a text, and how many of them stand where the key was deliberately shown as redacted. */
const redactions = (text: string): { all: number; bearer: number } => ({
  all: text.split('<redacted>').length - 1,
  bearer: text.split('Bearer <redacted>').length - 1,
});

t.test('short tokens corrupt no output, and a 40-character key appears in none', { timeout: 120_000 }, async (t) => {
  const runs = new Map<string, Outputs>();
  for (const token of TOKENS) runs.set(token, await run(token));
  const reference = runs.get(KEY) as Outputs;
  t.equal(reference.exitCode, 1, 'the drift is found');
  t.match(reference.json, /undocumented-field/);
  t.match(reference.md, /Authorization `Bearer <redacted>`/, 'requests are shown, the key redacted at its source');

  for (const [token, out] of runs) {
    t.test(`token ${JSON.stringify(token)}`, async (t) => {
      t.equal(out.exitCode, 1);
      const { results, extra } = await parseTap(out.stdout);
      t.same(extra, [], 'nothing in the TAP stream that is not TAP');
      t.equal(results.plan.end, results.count, 'the plan matches the test points');
      t.ok(results.count > 100, `${results.count} test points`);
      t.equal(results.fail, JSON.parse(out.json).summary.cases.failed, 'as many not-ok points as failed cases');
      t.match(out.stdout, /^TAP version 14\n# fastmoss-kit contract: http:\/\/127\.0\.0\.1:\d+, budget unlimited\n/);

      const report = JSON.parse(out.json) as { summary: unknown; findings: { request?: unknown }[] };
      t.ok(
        report.findings.length > 0 && report.findings.every((f) => f.request !== undefined),
        'drift.json parses, findings with their requests',
      );
      t.ok(XMLValidator.validate(out.junit) === true, 'junit.xml is valid XML');
      t.match(out.summary, /^# Contract report: DRIFT/, 'the job summary is the report');
      t.match(out.stderr, /^::warning title=Contract drift \(additive\)%3A undocumented-field%3A/m, 'an annotation per additive finding');

      // The same bytes as the run with a long key, once port and clock are set aside: no character was replaced.
      for (const name of ['stdout', 'stderr', 'json', 'md', 'junit', 'summary'] as const) {
        t.equal(normalise(out[name]), normalise(reference[name]), `${name} is the same as with a long key`);
        const { all, bearer } = redactions(out[name]);
        t.equal(all, bearer, `${name}: <redacted> only where a request shows its Authorization header`);
      }
      for (const name of ['stdout', 'stderr', 'json', 'md', 'junit', 'summary'] as const)
        t.notOk(out[name].includes(KEY), `${name} never holds the key`);
    });
  }
});

t.test('a 40-character key the target echoes back is scrubbed from every output, which stays valid', { timeout: 60_000 }, async (t) => {
  const out = await run(KEY, 'keyEchoed');
  t.equal(out.exitCode, 1);
  for (const name of ['stdout', 'stderr', 'json', 'md', 'junit', 'summary'] as const)
    t.notOk(out[name].includes(KEY), `${name} never holds the key`);
  t.match(out.json, /Bearer <redacted>/, 'the echo is seen, redacted');
  t.doesNotThrow(() => JSON.parse(out.json));
  t.ok(XMLValidator.validate(out.junit) === true, 'junit.xml is valid XML');
  const { results, extra } = await parseTap(out.stdout);
  t.same(extra, []);
  t.equal(results.plan.end, results.count);
});
