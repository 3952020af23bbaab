import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { CONTRACT_HELP } from '../../src/cli/contract-command.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { BaselineFile } from '../../src/contract/baseline.js';
import type { ContractReport } from '../../src/contract/report.js';
import type { RunState } from '../../src/contract/run-state.js';
import { runContractSuite } from '../../src/contract-default-target.js';
import { SPEC_PATH } from '../../src/openapi/load-spec.js';
import { capture, CASE_COUNT } from '../helpers/contract.js';
import { MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(120_000);

/** contract's flags for living with drift: --spec, --baseline, --write-baseline, --state. */
const dir = tempDir('contract-cli-over-time-');
const server = await startMutantServer();
t.teardown(() => server.close());

function io(env: Record<string, string> = {}) {
  const stdout = capture();
  const stderr = capture();
  return { io: { env, stdout: stdout.write, stderr: stderr.write, progress: () => undefined }, stdout, stderr };
}
const contract = async (args: string[], env: Record<string, string> = {}) => {
  const run = io(env);
  const { exitCode } = await runCli(['contract', ...args], run.io);
  return { exitCode, stdout: run.stdout.text(), stderr: run.stderr.text() };
};
const report = (reportDir: string): ContractReport => JSON.parse(readFileSync(join(reportDir, 'drift.json'), 'utf8')) as ContractReport;
const live = ['--base-url', server.baseUrl, '--token', TOKEN];

/** The team's copy of the packaged spec, with `total` an integer as production sends it (and its own version). */
const teamSpec = join(dir, 'openapi.yaml');
const packaged = readFileSync(SPEC_PATH, 'utf8');
const totalAsString = "        total:\n          type: string\n          pattern: '^(0|[1-9][0-9]*)$'\n";
t.ok(packaged.includes(totalAsString), 'the packaged spec types total as a string');
writeFileSync(
  teamSpec,
  packaged
    .replace(totalAsString, '        total:\n          type: integer\n          minimum: 0\n')
    .replace(/^ {2}version: (.*)$/m, '  version: $1-team'),
);

t.test('help lists the new flags', async (t) => {
  t.match(CONTRACT_HELP, /--spec PATH[\s\S]*--baseline FILE[\s\S]*--write-baseline FILE[\s\S]*--state FILE/);
});

t.test(
  '--spec: a spec copy that says total is an integer holds against a target that sends integers; the packaged one does not',
  async (t) => {
    server.use(MUTATIONS.totalAsNumber);
    const packagedDir = mkdtempSync(join(dir, 'r-'));
    const withPackaged = await contract([...live, '--report-dir', packagedDir]);
    t.equal(withPackaged.exitCode, 1);
    t.same(
      report(packagedDir).findings.map((f) => f.id),
      ['schema-type:$.data.total:type'],
    );
    const copyDir = mkdtempSync(join(dir, 'r-'));
    const withCopy = await contract([...live, '--spec', teamSpec, '--report-dir', copyDir]);
    t.equal(withCopy.exitCode, 0, withCopy.stderr);
    t.match(report(copyDir), { spec_holds: true, findings: [], spec: { version: /-team$/ } });
    t.match(withCopy.stdout, /# the spec holds: 0 breaking, 0 additive, 0 info finding\(s\)/);
  },
);

t.test('--spec with the in-process fake: the fake serves the same spec the suite judges with', async (t) => {
  const copyDir = mkdtempSync(join(dir, 'r-'));
  const result = await contract(['--spec', teamSpec, '--report-dir', copyDir]);
  t.equal(result.exitCode, 0, 'integer totals, as the team spec says');
  t.match(report(copyDir), { target_label: 'in-process fake', spec: { version: /-team$/ }, findings: [] });
  // The library does the same; offline too.
  const library = await runContractSuite({ spec: teamSpec, budget: 6 });
  t.equal(library.exitCode, 0);
  // Offline, the recordings hold one integer total (01-total-number.json) and string ones: each spec finds the other kind.
  const recorded = new URL('../contract/fixtures/recorded-drift', import.meta.url).pathname;
  const offline = await runContractSuite({ spec: teamSpec, offline: recorded });
  t.match(
    offline.findings.find((f) => f.id === 'schema-type:$.data.total:type'),
    { observed: 'string "17"', case: /02-accepts-bad-region/ },
  );
  const offlinePackaged = await runContractSuite({ offline: recorded });
  t.match(
    offlinePackaged.findings.find((f) => f.id === 'schema-type:$.data.total:type'),
    { observed: 'integer 17', case: /01-total-number/ },
  );
});

t.test('an unusable spec exits 2 with a message that names the file and what is wrong, live, offline and with the fake', async (t) => {
  const old = join(dir, 'old.yaml');
  writeFileSync(old, packaged.replace(/^openapi: .*$/m, 'openapi: 3.0.3'));
  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, 'openapi: 3.1.0\npaths: [\n');
  const cases: [string[], RegExp][] = [
    [
      [...live, '--spec', old],
      new RegExp(`^fastmoss-kit: The spec at ${old} is not usable: "openapi" must be 3\\.1\\.x, got "3\\.0\\.3"\\.\\n$`),
    ],
    [
      ['--offline', new URL('../../fixtures/recorded', import.meta.url).pathname, '--spec', broken],
      new RegExp(`^fastmoss-kit: Failed to parse the spec at ${broken}: .* at line \\d+, column \\d+`),
    ],
    [['--spec', join(dir, 'missing.yaml')], /^fastmoss-kit: Failed to read the spec at .*missing\.yaml: ENOENT/],
    [['--spec', ''], /^fastmoss-kit: --spec needs a file path\.\n$/],
  ];
  for (const [args, message] of cases) {
    const run = await contract([...args, '--report-dir', mkdtempSync(join(dir, 'r-'))]);
    t.equal(run.exitCode, 2, args.join(' '));
    t.match(run.stderr, message);
    t.equal(run.stdout, '', 'nothing ran');
  }
});

t.test('--write-baseline, then --baseline: red, then green; a bad baseline exits 2', async (t) => {
  server.use(MUTATIONS.fieldAdded);
  const baseline = join(dir, 'contract', 'baseline.json');
  const first = await contract([...live, '--budget', '20', '--write-baseline', baseline, '--report-dir', mkdtempSync(join(dir, 'r-'))]);
  t.equal(first.exitCode, 1);
  t.match(first.stderr, new RegExp(`^contract: DRIFT found; report in .*drift\\.md; baseline written to ${baseline} \\(`));
  const written = JSON.parse(readFileSync(baseline, 'utf8')) as BaselineFile;
  t.same(
    written.accepted.map((e) => e.id),
    ['undocumented-field:$.data.list[*].creator.shop_level'],
  );

  const reportDir = mkdtempSync(join(dir, 'r-'));
  const second = await contract([...live, '--budget', '20', '--baseline', baseline, '--report-dir', reportDir]);
  t.equal(second.exitCode, 0, second.stderr);
  t.match(second.stderr, /^contract: the spec holds; report in /);
  t.match(readFileSync(join(reportDir, 'drift.md'), 'utf8'), /## Accepted: in the baseline, not failing the run \(1\)/);

  server.use(undefined);
  const missing = await contract([...live, '--baseline', join(dir, 'nope.json')]);
  t.equal(missing.exitCode, 2);
  t.equal(
    missing.stderr,
    `fastmoss-kit: Failed to read the baseline ${join(dir, 'nope.json')}: there is no such file. Check the path, or start one with --write-baseline ${join(dir, 'nope.json')}.\n`,
  );
  writeFileSync(
    join(dir, 'wrong.json'),
    JSON.stringify({ version: 1, accepted: [{ id: 'x', reason: 'r', accepted_on: '2026-04-15', extra: true }] }),
  );
  const wrong = await contract([
    '--offline',
    new URL('../../fixtures/recorded', import.meta.url).pathname,
    '--baseline',
    join(dir, 'wrong.json'),
  ]);
  t.equal(wrong.exitCode, 2);
  t.match(wrong.stderr, /is not usable: accepted\[0\] \(x\): unknown member "extra"/);
});

t.test('--baseline offline: accepted findings of recorded exchanges, resolved only when their recording is judged again', async (t) => {
  const recorded = new URL('../contract/fixtures/recorded-drift', import.meta.url).pathname;
  const baseline = join(dir, 'offline-baseline.json');
  const first = await contract(['--offline', recorded, '--write-baseline', baseline, '--report-dir', mkdtempSync(join(dir, 'r-'))]);
  t.equal(first.exitCode, 1);
  const entries = (JSON.parse(readFileSync(baseline, 'utf8')) as BaselineFile).accepted;
  t.same(
    entries.map((e) => e.id),
    [
      'schema-type:$.data.total:type',
      'undocumented-field:$.data.list[*].creator.shop_level',
      'validation-accepts-invalid:filter.region:enum',
    ],
  );
  const reportDir = mkdtempSync(join(dir, 'r-'));
  t.equal((await contract(['--offline', recorded, '--baseline', baseline, '--report-dir', reportDir])).exitCode, 0);
  t.match(report(reportDir), { summary: { accepted: 3, resolved: 0 } });
  const cleanDir = mkdtempSync(join(dir, 'r-'));
  const clean = await contract([
    '--offline',
    new URL('../../fixtures/recorded', import.meta.url).pathname,
    '--baseline',
    baseline,
    '--report-dir',
    cleanDir,
  ]);
  t.equal(clean.exitCode, 0);
  t.match(
    report(cleanDir),
    { summary: { accepted: 0, resolved: 0 }, baseline: { not_checked: [{}, {}, {}] } },
    'other recordings: the entries are not checked, not resolved',
  );
});

t.test('--state: rotation from the command line against the in-process fake, keyed "in-process fake"; not with --offline', async (t) => {
  const state = join(dir, 'state', 'state.json');
  const first = await contract(['--budget', '40', '--state', state, '--report-dir', mkdtempSync(join(dir, 'r-'))]);
  t.equal(first.exitCode, 0);
  t.match(
    first.stdout,
    new RegExp(
      `\\n# coverage: \\d+ of ${CASE_COUNT} case\\(s\\) checked this run; \\d+ never checked against in-process fake; oldest check `,
    ),
  );
  t.match(first.stderr, new RegExp(`; state in ${state} \\(`));
  const saved = JSON.parse(readFileSync(state, 'utf8')) as RunState;
  t.same(Object.keys(saved.targets), ['in-process fake'], 'its port changes every run, so it is not keyed by URL');
  const count = Object.keys(saved.targets['in-process fake']?.cases ?? {}).length;
  const second = await contract(['--budget', '40', '--state', state, '--report-dir', mkdtempSync(join(dir, 'r-'))]);
  t.equal(second.exitCode, 0);
  const after = Object.keys((JSON.parse(readFileSync(state, 'utf8')) as RunState).targets['in-process fake']?.cases ?? {}).length;
  t.ok(after > count, `the second run checked cases the first did not: ${count} -> ${after}`);

  const offline = await contract(['--offline', new URL('../../fixtures/recorded', import.meta.url).pathname, '--state', state]);
  t.equal(offline.exitCode, 2);
  t.match(
    offline.stderr,
    /^fastmoss-kit: A state file \(--state\) is for live runs, whose budget leaves cases out: an offline run judges every recorded exchange\. Leave --state out with --offline\.\n$/,
  );
  await t.rejects(runContractSuite({ offline: 'fixtures/recorded', state }), {
    name: 'ContractSetupError',
    message: /^A state file \(--state\) is for live runs/,
  });
});
