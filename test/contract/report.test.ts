import t from 'tap';
import { buildReport, placeholderWarning, type CaseReport } from '../../src/contract/report.js';
import { renderMarkdown } from '../../src/contract/report-md.js';
import { tapCase, tapFooter, tapHeader, tapSkipped } from '../../src/contract/tap.js';
import type { Finding } from '../../src/contract/findings.js';
import { createScrub, displayUrl } from '../../src/contract/scrub.js';
import { writeReport } from '../../src/contract/write-report.js';
import { scrubbed } from '../../src/contract/run-suite.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';

const breaking: Finding = {
  id: 'schema-type:$.data.total:type',
  status: 'new',
  kind: 'schema-type',
  severity: 'breaking',
  path: '$.data.total',
  rule: 'type',
  expected: 'data.total must be a string',
  observed: 'integer 17',
  count: 3,
  example: '$.data.total',
  request: { method: 'POST', path: '/p', headers: { authorization: 'Bearer <redacted>' }, body: { page: 1 } },
  case: 'baseline',
};
const additive: Finding = {
  id: 'undocumented-field:$.msg',
  status: 'new',
  kind: 'undocumented-field',
  severity: 'additive',
  path: '$.msg',
  expected: 'e',
  observed: 'string "`x`"',
  count: 1,
  request: { method: 'POST', path: '/p' },
  case: 'auth',
};
const info: Finding = {
  id: 'sort-ties:$.data.list[*].uid',
  status: 'new',
  kind: 'sort-ties',
  severity: 'info',
  path: '$.data.list[*].uid',
  expected: 'e',
  observed: 'o',
  count: 1,
  case: 'sort',
};

const cases: CaseReport[] = [
  { name: 'baseline', category: 'baseline', outcome: 'failed', requests: 1, findings: [breaking] },
  { name: 'l1 # odd\nname', category: 'semantics', outcome: 'inconclusive', note: 'cannot judge', requests: 0, findings: [] },
  { name: 'sort', category: 'semantics', outcome: 'passed', requests: 1, findings: [info] },
];

const input = {
  mode: 'live' as const,
  spec: { title: 'T', version: '1', path: 'spec/openapi.yaml', sha256: 'a'.repeat(64) },
  target: 'https://openapi.fastmoss.com',
  targetLabel: 'production',
  startedAt: new Date('2026-04-15T00:00:00Z'),
  durationMs: 1234.4,
  requestsSent: 40,
  budget: 40,
  failOn: 'additive' as const,
  stopped: { reason: 'budget' as const, detail: 'the budget of 40 requests is spent' },
  findings: [breaking, additive, info],
  cases,
  skipped: [{ name: 'validation: page maximum inside', reason: 'over the budget of 40 requests' }],
  kinds: ['baseline', 'semantics'],
};

t.test('drift.json: the verdict first, counts, every finding with its request', async (t) => {
  const report = buildReport(input);
  t.match(report, {
    mode: 'live',
    target_label: 'production',
    started_at: '2026-04-15T00:00:00.000Z',
    duration_ms: 1234,
    budget: 40,
    spec_holds: false,
    summary: { breaking: 1, additive: 1, info: 1, cases: { passed: 1, failed: 1, inconclusive: 1, skipped: 1 } },
    stopped: { reason: 'budget' },
  });
  const clean = buildReport({
    ...input,
    findings: [additive, info],
    failOn: 'breaking',
    budget: Number.POSITIVE_INFINITY,
    stopped: undefined as never,
    targetLabel: undefined as never,
  });
  t.equal(clean.spec_holds, true, 'an additive finding does not break the spec when failing on breaking only');
  t.equal(clean.budget, 'unlimited');
  t.notOk('target_label' in clean);
});

t.test('drift.md: the first lines say whether the spec holds, then findings grouped by severity', async (t) => {
  const md = renderMarkdown(buildReport(input));
  const lines = md.split('\n');
  t.equal(lines[0], '# Contract report: DRIFT, the spec no longer holds');
  t.equal(lines[2], 'Drift found against https://openapi.fastmoss.com (production): 1 breaking, 1 additive finding(s).');
  t.match(md, /- Started: 2026-04-15T00:00:00.000Z; duration 1\.23 s\n- Requests sent: 40 \(budget 40\)\n/);
  t.match(md, /- Stopped early \(budget\): the budget of 40 requests is spent/);
  t.match(
    md,
    /## Breaking: code written against the spec can fail \(1\)\n\n### schema-type at `\$\.data\.total` \(type\) x3\n\n- Id: `schema-type:\$\.data\.total:type`\n- Expected: data\.total must be a string\n- Observed: integer 17\n- First seen at: `\$\.data\.total`\n- Request: `POST \/p \{"page":1\}`, Authorization `Bearer <redacted>`\n- Case: baseline/,
  );
  t.match(
    md,
    /## Additive: .*\(1\)\n\n### undocumented-field at `\$\.msg`\n\n- Id: `undocumented-field:\$\.msg`\n- Expected: e\n- Observed: string "\\`x\\`"\n- Request: `POST \/p no body`, no Authorization header\n/,
  );
  t.match(md, /## Info: worth knowing, not drift \(1\)/);
  t.match(md, /## Inconclusive: nothing to judge \(1\)\n\n- l1 \\# odd\\\\u000aname: cannot judge/);
  const unexplained = renderMarkdown(buildReport({ ...input, cases: [{ ...(cases[1] as CaseReport), note: undefined as never }] }));
  t.match(unexplained, /## Inconclusive: nothing to judge \(1\)\n\n- l1 \\# odd\\\\u000aname: \n/);
  t.match(
    md,
    /## Skipped: not run \(1\)\n\n- over the budget of 40 requests: 1 case\n\nEach skipped case is named in drift\.json \(`skipped`\), TAP and JUnit\.\n$/,
  );
  const judged: CaseReport = { name: 'sort', category: 'semantics', outcome: 'passed', requests: 1, findings: [] };
  const holds = renderMarkdown(
    buildReport({ ...input, findings: [], cases: [judged], skipped: [], stopped: undefined as never, kinds: ['semantics'] }),
  );
  t.match(
    holds,
    /^# Contract report: the spec still holds\n\nNo breaking or additive drift found against https:\/\/openapi\.fastmoss\.com \(production\)\.\n/,
  );
  t.notOk(holds.includes('## '));
  const breakingOnly = renderMarkdown(
    buildReport({ ...input, findings: [], failOn: 'breaking', targetLabel: undefined as never, kinds: ['semantics'] }),
  );
  t.match(breakingOnly, /No breaking drift found against https:\/\/openapi\.fastmoss\.com\./);
});

t.test('markdown collapses skipped cases into one line per reason, with a count', async (t) => {
  const skipped = [
    ...Array.from({ length: 68 }, (_, index) => ({
      name: `case ${index}`,
      reason: 'over the budget of 40 requests',
      detail: index % 2 === 0 ? 'never checked against this target' : `last checked 2026-04-1${index % 10}T00:00:00.000Z`,
    })),
    { name: 'late 1', reason: 'the run stopped: the budget of 40 was spent' },
    { name: 'late 2', reason: 'the run stopped: the budget of 40 was spent' },
  ];
  const md = renderMarkdown(buildReport({ ...input, skipped }));
  t.match(
    md,
    /## Skipped: not run \(70\)\n\n- over the budget of 40 requests: 68 cases\n- the run stopped: the budget of 40 was spent: 2 cases\n\nEach skipped case is named in drift\.json \(`skipped`\), TAP and JUnit\.\n$/,
  );
  t.notMatch(md, /case 1\b/, 'no line per case');
  t.equal(tapSkipped(3, skipped[0]!), 'ok 3 - case 0 # SKIP not run: over the budget of 40 requests; never checked against this target\n');
});

t.test('TAP: a test point per case, findings as YAML, inconclusive and skipped as SKIP', async (t) => {
  t.equal(tapHeader('http://x', undefined, 5), 'TAP version 14\n# fastmoss-kit contract: http://x, budget 5 requests\n');
  t.equal(
    tapCase(1, cases[0] as CaseReport),
    [
      'not ok 1 - baseline',
      '  ---',
      '  findings:',
      '    - id: "schema-type:$.data.total:type"',
      '      status: new',
      '      kind: schema-type',
      '      severity: breaking',
      '      path: "$.data.total"',
      '      rule: "type"',
      '      expected: "data.total must be a string"',
      '      observed: "integer 17"',
      '      count: 3',
      '  ...',
      '',
    ].join('\n'),
  );
  t.equal(tapCase(2, cases[1] as CaseReport), 'ok 2 - l1 odd name # SKIP inconclusive: cannot judge\n');
  t.match(
    tapCase(3, cases[2] as CaseReport),
    /^ok 3 - sort\n {2}---\n {2}findings:\n {4}- id: "sort-ties:\$\.data\.list\[\*\]\.uid"\n {6}status: new\n {6}kind: sort-ties\n/,
  );
  t.equal(tapCase(4, { ...(cases[1] as CaseReport), note: undefined as never }), 'ok 4 - l1 odd name # SKIP inconclusive: \n');
  t.equal(tapSkipped(5, { name: 'x', reason: 'over' }), 'ok 5 - x # SKIP not run: over\n');
  t.equal(
    tapFooter(buildReport(input), 5),
    '1..5\n# DRIFT: 1 breaking, 1 additive, 1 info finding(s); 1 passed, 1 failed, 1 inconclusive, 1 skipped\n# 40 request(s) in 1.23 s\n',
  );
});

t.test('scrub and display helpers; report files are scrubbed; an unwritable directory is an error saying so', async (t) => {
  const scrub = createScrub(['abcdefgh', '', 'a b+cdefg', 'xabcdefghx', 'short', '1']);
  t.equal(scrub('1 abcdefgh 2 xabcdefghx 3 a%20b%2Bcdefg 4 a b+cdefg'), '1 <redacted> 2 <redacted> 3 <redacted> 4 <redacted>');
  t.equal(scrub('short values (under 8 characters) stay: 1.5'), 'short values (under 8 characters) stay: 1.5');
  t.equal(displayUrl('https://u:p@h.test:8443/base/?k=1#f'), 'https://h.test:8443/base/');
  t.equal(displayUrl('https://h.test/'), 'https://h.test');
  t.equal(displayUrl('::'), '<invalid URL>');
  const dir = tempDir('report-');
  const report = buildReport({ ...input, target: 'https://h.test/?key=abcdefgh' });
  const files = await writeReport(join(dir, 'nested'), report, scrub);
  t.same(
    files.map((f) => f.slice(dir.length)),
    ['/nested/drift.json', '/nested/drift.md'],
  );
  writeFileSync(join(dir, 'file'), '');
  await t.rejects(
    writeReport(join(dir, 'file'), report, scrub),
    /^Failed to write the drift report to .*file: .*Pass a writable --report-dir\.$/,
  );
});

t.test('a thrown error is scrubbed, message and stack, whatever it is', async (t) => {
  const scrub = createScrub(['k3y-long']);
  const plain = new Error('bad k3y-long');
  await t.rejects(
    scrubbed(scrub, async () => Promise.reject(plain)),
    { message: 'bad <redacted>' },
  );
  t.notOk(plain.stack?.includes('k3y-long'));
  const stackless = new Error('k3y-long');
  delete stackless.stack;
  await t.rejects(
    scrubbed(scrub, async () => Promise.reject(stackless)),
    { message: '<redacted>' },
  );
  t.equal(stackless.stack, '');
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection is the case under test
  const thrown = await scrubbed(scrub, async () => Promise.reject(new Set(['k3y']))).catch((e: unknown) => e);
  t.same(thrown, new Set(['k3y']), 'a non-Error passes through unchanged');
});

t.test('with a baseline and a state file: new, accepted, resolved and not-checked sections, and coverage over time', async (t) => {
  const accepted: Finding = { ...additive, status: 'accepted', accepted: { reason: 'the guide says msg', accepted_on: '2026-04-01' } };
  const resolvedEntry = {
    id: 'schema-enum:$.data.list[*].ecommerce_type:enum',
    reason: 'vendor added 4',
    accepted_on: '2026-03-01',
    case: 'baseline',
  };
  const uncheckedEntry = { id: 'validation-accepts-invalid:filter.region:enum', reason: 'lower case tolerated', accepted_on: '2026-03-02' };
  const withBaseline = buildReport({
    ...input,
    findings: [breaking, accepted, info],
    baseline: {
      file: 'contract/baseline.json',
      entries: 3,
      resolved: [resolvedEntry],
      not_checked: [uncheckedEntry],
      placeholder_reasons: [],
    },
    coverage: {
      state_file: 'contract/state.json',
      target: 'https://openapi.fastmoss.com',
      cases: 109,
      checked_this_run: 41,
      never_checked: ['validation: page maximum inside', 'semantics: orderby potential_index asc ranks the list'],
      oldest_check: { case: 'baseline', checked_at: '2026-04-13T06:00:00.000Z' },
    },
  });
  t.match(withBaseline, { spec_holds: false, summary: { breaking: 1, additive: 0, info: 1, accepted: 1, resolved: 1 } });
  const md = renderMarkdown(withBaseline);
  t.equal(md.split('\n')[2], 'Drift found against https://openapi.fastmoss.com (production): 1 breaking, 0 additive new finding(s).');
  t.match(
    md,
    /- Cases: .*; new findings: 1 breaking, 0 additive, 1 info\n- Baseline `contract\/baseline\.json`, 3 entries: 1 accepted finding\(s\) seen, 1 resolved, 1 not checked this run\n- Coverage \(state file\): 41 of 109 case\(s\) checked this run; 2 never checked against https:\/\/openapi\.fastmoss\.com; oldest check 2026-04-13T06:00:00\.000Z\n/,
  );
  t.match(md, /## New, Breaking: code written against the spec can fail \(1\)\n\n### schema-type at `\$\.data\.total`/);
  t.notMatch(md, /## New, Additive/, 'the accepted additive finding is not new');
  t.match(md, /## New, Info: worth knowing, not drift \(1\)/);
  t.match(
    md,
    /## Accepted: in the baseline, not failing the run \(1\)\n\n### undocumented-field at `\$\.msg`\n\n- Id: `undocumented-field:\$\.msg`\n- Accepted on 2026-04-01: the guide says msg\n/,
  );
  t.match(
    md,
    /## Resolved: in the baseline, no longer seen; remove these entries \(1\)\n\n- `schema-enum:\$\.data\.list\[\*\]\.ecommerce_type:enum`: accepted on 2026-03-01 \(vendor added 4\); shown by: baseline\n/,
  );
  t.match(
    md,
    /## Not checked this run: in the baseline, what showed them did not run \(1\)\n\n- `validation-accepts-invalid:filter\.region:enum`: accepted on 2026-03-02 \(lower case tolerated\)\n/,
  );
  t.match(
    md,
    /## Coverage over time \(state file `contract\/state\.json`\)\n\n- Checked this run: 41 of 109 cases against https:\/\/openapi\.fastmoss\.com\n- Oldest check: 2026-04-13T06:00:00\.000Z \(baseline\)\n- Never checked against this target: 2\n\n {2}- validation: page maximum inside\n {2}- semantics: orderby potential\\_index asc ranks the list\n$/,
  );
  t.equal(
    tapFooter(withBaseline, 3),
    '1..3\n# DRIFT: 1 breaking, 0 additive, 1 info new finding(s); 1 passed, 1 failed, 1 inconclusive, 1 skipped\n' +
      '# baseline: 1 accepted finding(s) seen, 1 resolved, 1 not checked this run\n' +
      '# coverage: 41 of 109 case(s) checked this run; 2 never checked against https://openapi.fastmoss.com; oldest check 2026-04-13T06:00:00.000Z\n' +
      '# 40 request(s) in 1.23 s\n',
  );
  t.match(
    tapCase(1, { ...(cases[0] as CaseReport), outcome: 'passed', findings: [accepted] }),
    /^ok 1 - baseline\n {2}---\n {2}findings:\n {4}- id: "undocumented-field:\$\.msg"\n {6}status: accepted\n[\s\S]* {6}accepted: "2026-04-01: the guide says msg"\n {2}\.\.\.\n$/,
  );

  const bare = buildReport({
    ...input,
    findings: [accepted],
    stopped: undefined as never,
    baseline: { entries: 1, resolved: [], not_checked: [], placeholder_reasons: [] },
    coverage: { state_file: 's.json', target: 'in-process fake', cases: 109, checked_this_run: 0, never_checked: [], oldest_check: null },
  });
  const ids = Array.from({ length: 12 }, (_, index) => `id-${index}`);
  t.equal(
    placeholderWarning({ entries: 12, resolved: [], not_checked: [], placeholder_reasons: ids }),
    `12 baseline entries still give the placeholder reason (TODO): ${ids.slice(0, 10).join(', ')} and 2 more. Write why each is accepted in the baseline.`,
  );
  t.equal(
    placeholderWarning({ file: 'b.json', entries: 1, resolved: [], not_checked: [], placeholder_reasons: ['one'] }),
    '1 baseline entry still gives the placeholder reason (TODO): one. Write why each is accepted in b.json.',
  );
  t.equal(placeholderWarning(undefined), undefined);
  t.equal(bare.spec_holds, true, 'only an accepted finding: the spec holds');
  const bareMd = renderMarkdown(bare);
  t.match(bareMd, /^# Contract report: the spec still holds\n\nNo new breaking or additive drift found against /);
  t.match(bareMd, /- Baseline given as an option, 1 entry: 1 accepted finding\(s\) seen, 0 resolved, 0 not checked this run\n/);
  t.match(bareMd, /no case checked yet/);
  t.match(bareMd, /- Oldest check: none yet\n- Never checked against this target: 0\n$/);
  t.notMatch(bareMd, /## Resolved|## Not checked|## New/);
  t.match(
    tapFooter(bare, 1),
    /# coverage: 0 of 109 case\(s\) checked this run; 0 never checked against in-process fake; no case checked yet\n/,
  );
});

t.test('a verdict needs evidence: judged cases of each kind paid for, or --min-judged of them; drift wins', async (t) => {
  const passed: CaseReport = { name: 'a', category: 'validation', outcome: 'passed', requests: 1, findings: [] };
  const quiet: CaseReport = { name: 'b', category: 'semantics', outcome: 'inconclusive', requests: 1, findings: [] };
  const run = (over: Partial<Parameters<typeof buildReport>[0]>) =>
    buildReport({ ...input, findings: [], stopped: undefined as never, skipped: [], ...over });
  const missing = run({ cases: [passed, quiet], kinds: ['validation', 'semantics'] });
  t.equal(missing.verdict, 'inconclusive');
  t.match(missing.evidence, { judged: 1, min_judged: null, unjudged_kinds: ['semantics'], enough: false });
  t.equal(
    missing.evidence.why,
    '1 case(s) judged, none of kind semantics; a verdict needs a passed or failed case of each kind the run paid for. ' +
      'Look at the skipped and inconclusive cases; raise --budget or --timeout-s, or set --min-judged.',
  );
  t.equal(
    run({ cases: [passed, quiet], kinds: ['validation', 'semantics'], minJudged: 1 }).verdict,
    'holds',
    '--min-judged replaces the rule',
  );
  t.match(run({ cases: [], kinds: [] }).evidence, { enough: false, why: /^0 case\(s\) judged, a verdict needs at least one\./ });
  t.equal(run({ cases: [], kinds: [], minJudged: 0 }).verdict, 'inconclusive', 'never green on nothing, whatever the threshold');
  const drift = run({ cases: [quiet], kinds: ['semantics'], findings: [breaking] });
  t.equal(drift.verdict, 'drift', 'drift found is a verdict, however little else was judged');
  t.equal(drift.evidence.enough, false);
  const md = renderMarkdown(missing);
  t.match(
    md,
    /^# Contract report: INCONCLUSIVE, too little was judged for a verdict\n\nNo verdict on .*: 1 case\(s\) judged, none of kind semantics/,
  );
  t.match(
    tapFooter(missing, 3),
    /^1\.\.3\n# INCONCLUSIVE, too little judged for a verdict: .*\n# 1 case\(s\) judged, none of kind semantics/,
  );
});
