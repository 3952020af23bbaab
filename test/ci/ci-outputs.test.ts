import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { findingId, type Finding } from '../../src/contract/findings.js';
import { githubAnnotations, STEP_SUMMARY_LIMIT, stepSummary } from '../../src/contract/github-actions.js';
import { renderJunit } from '../../src/contract/junit.js';
import { buildReport, type ReportInput } from '../../src/contract/report.js';
import { createScrub } from '../../src/contract/scrub.js';
import { SPEC_PATH } from '../../src/openapi/load-spec.js';
import { escapeCommandData, escapeCommandProperty, markdownText, xmlAttribute, xmlText } from '../../src/text-escape.js';
import { captureIo } from '../helpers/io.js';
import { spec } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

const DRIFT_FIXTURES = fileURLToPath(new URL('../contract/fixtures/recorded-drift', import.meta.url));
const tmp = (): string => tempDir('ci-outputs-');
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['testcase', 'failure', 'property'].includes(name),
});

interface JunitCase {
  '@name': string;
  '@classname': string;
  failure?: { '@message': string; '@type': string; '#text': string }[];
  skipped?: { '@message': string };
  'system-out'?: string;
}
interface Junit {
  testsuites: {
    '@tests': string;
    '@failures': string;
    '@skipped': string;
    testsuite: {
      '@name': string;
      '@tests': string;
      properties: { property: { '@name': string; '@value': string }[] };
      testcase: JunitCase[];
    };
  };
}
const parseJunit = (xml: string): Junit => parser.parse(xml) as Junit;
const property = (properties: readonly { '@name': string; '@value': string }[], name: string): string | undefined =>
  properties.find((p) => p['@name'] === name)?.['@value'];

t.test('contract --offline --junit, in GitHub Actions: a JUnit file, the job summary and one annotation per finding', async (t) => {
  const dir = tmp();
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '# Earlier step\n\n');
  const io = captureIo({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
  const junit = join(dir, 'nested', 'junit.xml');
  const outcome = await runCli(['contract', '--offline', DRIFT_FIXTURES, '--report-dir', dir, '--junit', junit], io);
  t.equal(outcome.exitCode, 1, 'drift');
  const xml = readFileSync(junit, 'utf8');
  t.equal(XMLValidator.validate(xml), true, 'valid XML');
  const suites = parseJunit(xml).testsuites;
  t.same([suites['@tests'], suites['@failures'], suites['@skipped']], ['3', '2', '1']);
  const [first, second, third] = suites.testsuite.testcase;
  t.match(first, { '@name': /^offline: 01-total-number\.json: POST/, '@classname': 'fastmoss-kit.contract.offline' });
  t.same(
    first?.failure?.map((f) => f['@type']),
    ['schema-type', 'undocumented-field'],
    'a failure per finding',
  );
  const text = first?.failure?.[0]?.['#text'] ?? '';
  for (const part of [
    'schema-type (breaking, new) at $.data.total, rule type',
    'expected: data.total must be a string',
    'observed: integer 17',
    'request: POST /creator/v1/rank/topPotential {"filter":',
    'authorization: Bearer <redacted>',
    'id: schema-type:$.data.total:type',
  ]) {
    t.ok(text.includes(part), `the failure says "${part}"`);
  }
  t.equal(first?.failure?.[0]?.['@message'], 'schema-type:$.data.total:type: expected data.total must be a string, observed integer 17');
  t.same(
    second?.failure?.map((f) => f['@type']),
    ['validation-accepts-invalid'],
  );
  t.match(second?.failure?.[0]?.['@message'], /got "XX"/, 'quotes survive the attribute');
  t.same(third?.skipped, { '@message': "inconclusive: not the spec's endpoint (POST /creator/v1/rank/topPotential)" });
  t.match(suites.testsuite.properties.property, [{ '@name': 'target' }, { '@name': 'mode', '@value': 'offline' }]);

  const annotations = io
    .err()
    .split('\n')
    .filter((line) => line.startsWith('::'));
  t.equal(annotations.filter((line) => line.startsWith('::error title=')).length, 1, 'one ::error per breaking finding');
  t.equal(annotations.filter((line) => line.startsWith('::warning title=')).length, 2, 'one ::warning per additive finding');
  t.match(
    annotations[0],
    /^::error title=Contract drift \(breaking\)%3A schema-type%3A\$\.data\.total%3Atype::expected data\.total must be a string, observed integer 17;/,
  );
  t.match(io.err(), /report in .*drift\.json and .*drift\.md and .*nested\/junit\.xml/);
  t.notMatch(io.out(), /^::/m, 'stdout stays pure TAP');

  const written = readFileSync(summary, 'utf8');
  t.ok(written.startsWith('# Earlier step\n\n# Contract report: DRIFT, the spec no longer holds\n'), 'appended after what was there');
  t.equal(written, `# Earlier step\n\n${readFileSync(join(dir, 'drift.md'), 'utf8')}\n`, 'the job summary is drift.md');
});

t.test('drift.json, drift.md, JUnit and the job summary name the spec that judged: its path as given and its sha256', async (t) => {
  const dir = tmp();
  const copy = join(dir, 'contract', 'openapi.yaml');
  mkdirSync(dirname(copy));
  copyFileSync(SPEC_PATH, copy);
  const given = relative(process.cwd(), copy);
  const sha256 = createHash('sha256').update(readFileSync(copy)).digest('hex');
  const summary = join(dir, 'summary.md');
  const io = captureIo({ GITHUB_STEP_SUMMARY: summary });
  const junit = join(dir, 'junit.xml');
  await runCli(['contract', '--offline', DRIFT_FIXTURES, '--spec', given, '--report-dir', dir, '--junit', junit], io);
  const report = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as { spec: unknown };
  t.match(report.spec, { path: given, sha256 });
  t.notOk(isAbsolute(given), 'the path is kept as given, not resolved');
  const line = `spec ${spec.info.title} ${spec.info.version} (${given}, sha256 ${sha256})`;
  t.ok(readFileSync(join(dir, 'drift.md'), 'utf8').includes(line), 'drift.md');
  t.ok(readFileSync(summary, 'utf8').includes(line), 'the job summary');
  const properties = parseJunit(readFileSync(junit, 'utf8')).testsuites.testsuite.properties.property;
  t.equal(property(properties, 'spec_path'), given);
  t.equal(property(properties, 'spec_sha256'), sha256);
});

t.test(
  'a baseline entry whose reason is still the TODO placeholder is a warning: on stderr, in TAP, drift.md, the summary and an annotation',
  async (t) => {
    const dir = tmp();
    const baseline = join(dir, 'baseline.json');
    t.equal(
      (await runCli(['contract', '--offline', DRIFT_FIXTURES, '--report-dir', dir, '--write-baseline', baseline], captureIo())).exitCode,
      1,
    );
    const written = JSON.parse(readFileSync(baseline, 'utf8')) as { accepted: { id: string; reason: string }[] };
    const [explained, ...todo] = written.accepted;
    if (explained === undefined || todo.length === 0) throw new Error('the fixtures show at least two findings');
    explained.reason = 'production sends it; our parser copes';
    writeFileSync(baseline, JSON.stringify(written));
    const summary = join(dir, 'summary.md');
    const io = captureIo({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    t.equal(
      (await runCli(['contract', '--offline', DRIFT_FIXTURES, '--report-dir', dir, '--baseline', baseline], io)).exitCode,
      0,
      'a warning, not a failure',
    );
    const ids = todo.map((entry) => entry.id);
    const warning = `${ids.length} baseline entries still give the placeholder reason (TODO): ${ids.join(', ')}. Write why each is accepted in ${baseline}.`;
    t.match(io.err(), `contract: warning: ${warning}`);
    t.match(io.err(), `::warning title=Baseline reason not written::${escapeCommandData(warning)}`);
    t.match(io.out(), `# warning: ${warning}`, 'TAP says it too');
    t.match(readFileSync(join(dir, 'drift.md'), 'utf8'), `- **Warning**: ${markdownText(warning)}`);
    t.match(readFileSync(summary, 'utf8'), `- **Warning**: ${markdownText(warning)}`);
    t.same(
      (JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as { baseline: { placeholder_reasons: string[] } }).baseline
        .placeholder_reasons,
      ids,
    );
    explained.reason = 'production sends it; our parser copes';
    for (const entry of todo) entry.reason = 'known';
    writeFileSync(baseline, JSON.stringify(written));
    const quiet = captureIo({ GITHUB_ACTIONS: 'true' });
    await runCli(['contract', '--offline', DRIFT_FIXTURES, '--report-dir', dir, '--baseline', baseline], quiet);
    t.notMatch(quiet.err() + quiet.out(), /placeholder/, 'reasons written: no warning');
  },
);

t.test('outside GitHub Actions: no annotations, no summary; GITHUB_ACTIONS other than true is not GitHub', async (t) => {
  for (const env of [{}, { GITHUB_ACTIONS: 'false' }]) {
    const io = captureIo(env);
    t.equal((await runCli(['contract', '--offline', DRIFT_FIXTURES, '--report-dir', tmp()], io)).exitCode, 1);
    t.notMatch(io.err(), /^::/m);
  }
});

t.test('an unwritable JUnit path is exit 2 saying so; an unwritable job summary only warns', async (t) => {
  const dir = tmp();
  writeFileSync(join(dir, 'file'), '');
  const io = captureIo();
  t.equal(
    (await runCli(['contract', '--offline', DRIFT_FIXTURES, '--report-dir', dir, '--junit', join(dir, 'file', 'junit.xml')], io)).exitCode,
    2,
  );
  t.match(
    io.err(),
    /^fastmoss-kit: Failed to write the JUnit report to .*file\/junit\.xml: .*\. Pass --junit a file in a writable directory\.$/m,
  );
  const summaryDir = join(dir, 'summary-is-a-directory');
  mkdirSync(summaryDir);
  const warned = captureIo({ GITHUB_STEP_SUMMARY: summaryDir });
  t.equal((await runCli(['contract', '--offline', DRIFT_FIXTURES, '--report-dir', dir], warned)).exitCode, 1, 'the verdict stands');
  t.match(
    warned.err(),
    /contract: could not append the report to GITHUB_STEP_SUMMARY \(.*summary-is-a-directory\): .*\. The report is still in drift\.md\./,
  );
  const hostileDir = join(dir, 'summary\u001b[2J\nforged');
  mkdirSync(hostileDir);
  const escaped = captureIo({ GITHUB_STEP_SUMMARY: hostileDir });
  await runCli(['contract', '--offline', DRIFT_FIXTURES, '--report-dir', dir], escaped);
  t.notOk(escaped.err().includes('\u001b') || /\nforged/.test(escaped.err()), 'the path is escaped for the terminal and stays on one line');
});

t.test('a live run: cases left over the budget are skipped testcases in JUnit', async (t) => {
  const dir = tmp();
  const summary = join(dir, 'summary.md');
  const io = captureIo({ GITHUB_STEP_SUMMARY: summary });
  t.equal((await runCli(['contract', '--budget', '3', '--report-dir', dir, '--junit', join(dir, 'junit.xml')], io)).exitCode, 0);
  const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
  t.equal(XMLValidator.validate(xml), true);
  const cases = parseJunit(xml).testsuites.testsuite.testcase;
  const notRun = cases.filter((c) => c['@classname'] === 'fastmoss-kit.contract.not-run');
  t.ok(notRun.length > 90, `${notRun.length} cases not run`);
  t.match(notRun[0]?.skipped?.['@message'], /^not run: over the budget of 3 requests/);
  const counts = (JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as { summary: { cases: Record<string, number> } }).summary
    .cases;
  t.equal(
    cases.length,
    Object.values(counts).reduce((a, b) => a + b, 0),
    'one testcase per case, run or not',
  );
  t.equal(notRun.length, counts['skipped']);
  t.match(
    readFileSync(summary, 'utf8'),
    `## Skipped: not run (${notRun.length})\n\n- over the budget of 3 requests: ${notRun.length} cases\n\nEach skipped case is named`,
    'the job summary gives one line per reason, with a count',
  );
});

function finding(over: Partial<Finding>): Finding {
  const base = {
    status: 'new' as const,
    kind: 'undocumented-field' as const,
    severity: 'additive' as const,
    path: '$.data.x',
    expected: 'only members the spec describes',
    observed: 'string',
    count: 1,
    case: 'baseline',
    ...over,
  };
  return { ...base, id: over.id ?? findingId(base) };
}

const input = (findings: Finding[], over: Partial<ReportInput> = {}): ReportInput => ({
  mode: 'live',
  spec: { title: 'T', version: '1', path: 'spec/openapi.yaml', sha256: 'a'.repeat(64) },
  target: 'https://h.test',
  startedAt: new Date('2026-04-15T00:00:00.123Z'),
  durationMs: 1234,
  requestsSent: 3,
  budget: 40,
  failOn: 'breaking',
  findings,
  cases: [{ name: 'baseline', category: 'baseline', outcome: 'failed', requests: 1, findings }],
  skipped: [],
  kinds: ['baseline'],
  ...over,
});

t.test('JUnit escapes everything XML cannot hold, scrubs before escaping, and tells findings below the threshold', async (t) => {
  const hostile = 'a <b> & "c" \'d\' ]]> \u0001 \uD800 line\nbreak\ttab';
  const findings = [
    finding({
      kind: 'schema-type',
      severity: 'breaking',
      path: '$.data.total',
      rule: 'type',
      observed: hostile,
      example: '$.data.total',
      request: { method: 'POST', path: '/p', headers: { authorization: 'Bearer <redacted>' }, body: { q: 'sekret-value-123' } },
    }),
    finding({ observed: 'an additive one, below --fail-on breaking' }),
    finding({ kind: 'sort-ties', severity: 'info', path: '$.data.list', observed: 'info', request: { method: 'POST', path: '/p' } }),
  ];
  const report = buildReport(
    input(findings, {
      stopped: { reason: 'budget', detail: 'the budget of 3 was spent' },
      skipped: [{ name: 'late case', reason: 'the run stopped' }],
    }),
  );
  const xml = renderJunit(report, createScrub(['sekret-value-123']));
  t.equal(XMLValidator.validate(xml), true, 'valid XML');
  t.notMatch(xml, 'sekret-value-123');
  const suite = parseJunit(xml).testsuites.testsuite;
  t.equal(suite.testcase.length, 2);
  const [baseline, late] = suite.testcase;
  t.equal(baseline?.failure?.length, 1, 'only the breaking finding fails with --fail-on breaking');
  t.ok(
    baseline?.failure?.[0]?.['#text'].includes('observed: a <b> & "c" \'d\' ]]> \uFFFD \uFFFD line\nbreak\ttab'),
    'text round-trips; what XML cannot hold becomes U+FFFD',
  );
  t.ok(baseline?.failure?.[0]?.['#text'].includes('request: POST /p {"q":"<redacted>"}'), 'scrubbed, then escaped');
  t.match(
    baseline?.['system-out'],
    /undocumented-field \(additive, new\)[\s\S]*sort-ties \(info, new\)[\s\S]*request: POST \/p \(no body\)\nauthorization: \(none sent\)/,
    'the others are told in system-out',
  );
  t.same(late, {
    '@name': 'late case',
    '@classname': 'fastmoss-kit.contract.not-run',
    skipped: { '@message': 'not run: the run stopped' },
  });
  t.match(property(suite.properties.property, 'stopped'), 'budget: the budget of 3 was spent');
  t.match(xml, /timestamp="2026-04-15T00:00:00"/, 'JUnit timestamps have no zone');
  t.equal(xmlAttribute('a\r\n"'), 'a&#13;&#10;&quot;');
  t.equal(xmlText('<&>'), '&lt;&amp;&gt;');
  t.match(
    renderJunit(
      buildReport(input([], { cases: [{ name: 'quiet', category: 'semantics', outcome: 'inconclusive', requests: 0, findings: [] }] })),
    ),
    /<skipped message="inconclusive: nothing to judge"\/>/,
  );
});

t.test('workflow commands: escaped as the runner reads them, one line each, scrubbed', async (t) => {
  t.equal(escapeCommandData('100% a\r\nb'), '100%25 a%0D%0Ab');
  t.equal(escapeCommandProperty('a: b, c%\n'), 'a%3A b%2C c%25%0A');
  const report = buildReport(
    input([
      finding({
        kind: 'schema-type',
        severity: 'breaking',
        path: '$.a,b:c',
        observed: 'two\nlines sekret-value-123',
        request: { method: 'POST', path: '/p' },
      }),
      finding({}),
      finding({ kind: 'sort-ties', severity: 'info', path: '$.data.list' }),
    ]),
  );
  const lines = githubAnnotations(report, createScrub(['sekret-value-123']))
    .split('\n')
    .filter(Boolean);
  t.equal(lines.length, 2, 'no annotation for info');
  t.equal(
    lines[0],
    '::error title=Contract drift (breaking)%3A schema-type%3A$.a%2Cb%253Ac::expected only members the spec describes, observed two%0Alines <redacted>; seen 1 time(s); request POST /p; case: baseline. See drift.md for the request that showed it.',
  );
  t.match(lines[1], /^::warning title=Contract drift \(additive\)%3A undocumented-field%3A\$\.data\.x::/);
  t.match(githubAnnotations(report), /observed two%0Alines sekret-value-123;/, 'without a scrub function, nothing is scrubbed');
});

t.test("the job summary is cut below GitHub's 1 MiB limit, at a line, saying so", async (t) => {
  const small = '# Report\n\nshort\n';
  t.equal(stepSummary(small), `${small}\n`);
  const big = `# Report\n${'- a line of the report, é\n'.repeat(60_000)}`;
  const cut = stepSummary(big);
  t.ok(Buffer.byteLength(cut) <= STEP_SUMMARY_LIMIT, `${Buffer.byteLength(cut)} bytes`);
  t.match(cut, /- a line of the report, é\n\n_\(cut here: the summary is limited to 1 MiB; the whole report is in drift\.md\)_\n$/);
  t.notMatch(cut, /\uFFFD/, 'never a broken character');
});

t.test('a finding the baseline accepts: a notice, not an error, and told in system-out, not failed', async (t) => {
  const accepted = finding({
    kind: 'schema-type',
    severity: 'breaking',
    path: '$.data.total',
    status: 'accepted',
    accepted: { reason: 'production sends a number', accepted_on: '2026-04-01' },
  });
  const report = buildReport(
    input([accepted], { cases: [{ name: 'baseline', category: 'baseline', outcome: 'passed', requests: 1, findings: [accepted] }] }),
  );
  t.equal(
    githubAnnotations(report).split('\n')[0],
    '::notice title=Accepted contract drift (breaking)%3A schema-type%3A$.data.total::expected only members the spec describes, observed string; seen 1 time(s); case: baseline. See drift.md for the request that showed it.',
  );
  const xml = renderJunit(report);
  t.equal(XMLValidator.validate(xml), true);
  const [testcase] = parseJunit(xml).testsuites.testsuite.testcase;
  t.equal(testcase?.failure, undefined, 'no failure');
  t.match(
    testcase?.['system-out'],
    /^schema-type \(breaking, accepted\) at \$\.data\.total\n[\s\S]*accepted on 2026-04-01: production sends a number\nid: schema-type:\$\.data\.total$/,
  );
});

t.test('a run that judged nothing fails in JUnit, the annotations and the job summary, saying why; --min-judged is checked', async (t) => {
  const dir = tmp();
  const empty = join(dir, 'recordings');
  mkdirSync(empty);
  const summary = join(dir, 'summary.md');
  const io = captureIo({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
  const junit = join(dir, 'junit.xml');
  t.equal((await runCli(['contract', '--offline', empty, '--report-dir', dir, '--junit', junit], io)).exitCode, 1);
  const xml = readFileSync(junit, 'utf8');
  t.equal(XMLValidator.validate(xml), true);
  const parsed = parseJunit(xml);
  t.equal(parsed.testsuites['@failures'], '1', 'the evidence testcase fails');
  const [evidence] = parsed.testsuites.testsuite.testcase;
  t.match(evidence, {
    '@name': 'enough was judged for a verdict',
    '@classname': 'fastmoss-kit.contract.evidence',
    failure: [{ '@type': 'inconclusive', '@message': /^0 case\(s\) judged, none of kind offline/ }],
  });
  t.equal(property(parsed.testsuites.testsuite.properties.property, 'verdict'), 'inconclusive');
  t.match(io.err(), /^::error title=Contract run inconclusive::0 case\(s\) judged, none of kind offline/m);
  const md = readFileSync(summary, 'utf8');
  t.match(md, /^# Contract report: INCONCLUSIVE, too little was judged for a verdict\n/);
  t.equal(md, `${readFileSync(join(dir, 'drift.md'), 'utf8')}\n`, 'the summary is drift.md');
  t.match(JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')), {
    verdict: 'inconclusive',
    spec_holds: false,
    evidence: { judged: 0 },
  });
  const flags = captureIo();
  t.equal((await runCli(['contract', '--offline', empty, '--min-judged', '0'], flags)).exitCode, 2, 'at least one');
  t.match(flags.err(), /--min-judged/);
  for (const flag of ['--min-judged=', '--budget=', '--pace-ms=', '--timeout-s=', '--wait-s=']) {
    const empty = captureIo();
    t.equal((await runCli(['contract', '--offline', DRIFT_FIXTURES, flag], empty)).exitCode, 2, `${flag} is refused, not read as 0`);
    t.match(empty.err(), `${flag.slice(0, -1)} must be an integer`);
  }
  const enough = captureIo();
  const outcome = await runCli(
    ['contract', '--offline', DRIFT_FIXTURES, '--report-dir', dir, '--min-judged', '99', '--fail-on', 'breaking'],
    enough,
  );
  t.equal(outcome.exitCode, 1);
  t.match(JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')), { evidence: { min_judged: 99, enough: false } });
});
