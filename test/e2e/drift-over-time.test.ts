import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { BaselineFile } from '../../src/contract/baseline.js';
import { runSuite, type ContractResult } from '../../src/contract/run-suite.js';
import type { RunState } from '../../src/contract/run-state.js';
import { suiteSetup } from '../../src/contract/spec-facts.js';
import { capture, CASE_COUNT, combined } from '../helpers/contract.js';
import { MUTATIONS, NOW, startMutantServer, TOKEN, type Mutation } from '../helpers/mutant-server.js';
import { api } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(90_000);

/**
 * Living with drift: a baseline of accepted findings (accepted, new, resolved) and a state file that rotates a
 * small budget over every case, both against the fake with vendor changes switched on.
 */
const server = await startMutantServer();
t.teardown(() => server.close());
const dir = tempDir('drift-over-time-');
const day = (n: number): number => Date.UTC(2026, 3, 15 + n, 6);
const TOTAL = 'schema-type:$.data.total:type';
const SHOP_LEVEL = 'undocumented-field:$.data.list[*].creator.shop_level';

interface Run {
  readonly result: ContractResult;
  readonly tap: string;
  readonly md: string;
}

async function run(mutation: Mutation | undefined, options: { baseline?: string; writeBaseline?: string; n?: number } = {}): Promise<Run> {
  server.use(mutation);
  const out = capture();
  const reportDir = mkdtempSync(join(dir, 'report-'));
  const result = await runSuite({
    target: { baseUrl: server.baseUrl, token: TOKEN },
    output: out.write,
    reportDir,
    clock: () => day(options.n ?? 0),
    ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
    ...(options.writeBaseline === undefined ? {} : { writeBaseline: options.writeBaseline }),
  });
  return { result, tap: out.text(), md: readFileSync(join(reportDir, 'drift.md'), 'utf8') };
}

const ids = (result: ContractResult, status: 'new' | 'accepted'): string[] =>
  result.findings.filter((f) => f.status === status).map((f) => f.id);
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

t.test('a baseline: accepted findings pass, a new one fails alone, a gone one is resolved', async (t) => {
  const baseline = join(dir, 'baseline.json');

  const first = await run(MUTATIONS.totalAsNumber, { writeBaseline: baseline });
  t.equal(first.result.exitCode, 1, 'the first run is red: nothing is accepted yet');
  t.same(ids(first.result, 'new'), [TOTAL]);
  const written = readJson<BaselineFile>(baseline);
  t.match(written, {
    version: 1,
    accepted: [
      {
        id: TOTAL,
        kind: 'schema-type',
        path: '$.data.total',
        rule: 'type',
        accepted_on: '2026-04-15',
        reason: /^TODO: explain why this is accepted/,
      },
    ],
  });
  t.equal(written.accepted.length, 1);
  // A person reads the finding and says why it is fine.
  writeFileSync(
    baseline,
    JSON.stringify({ ...written, accepted: [{ ...written.accepted[0], reason: 'production sends an integer; Number() reads both' }] }),
  );

  const accepted = await run(MUTATIONS.totalAsNumber, { baseline, n: 1 });
  t.equal(accepted.result.exitCode, 0, 'the next run is green: its only finding is accepted');
  t.equal(accepted.result.drift, false);
  t.same(ids(accepted.result, 'new'), []);
  t.same(ids(accepted.result, 'accepted'), [TOTAL]);
  t.match(accepted.result.findings[0], {
    status: 'accepted',
    accepted: { reason: 'production sends an integer; Number() reads both', accepted_on: '2026-04-15' },
  });
  t.match(accepted.result.report, {
    spec_holds: true,
    summary: { breaking: 0, additive: 0, accepted: 1, resolved: 0, cases: { failed: 0 } },
    baseline: { file: baseline, entries: 1, resolved: [], not_checked: [] },
  });
  t.notMatch(accepted.tap, /^not ok/m, 'an accepted finding makes no test point fail');
  t.match(
    accepted.tap,
    /^ok 1 - baseline: .*\n {2}---\n {2}findings:\n {4}- id: "schema-type:\$\.data\.total:type"\n {6}status: accepted\n/m,
  );
  t.match(
    accepted.tap,
    /# the spec holds: 0 breaking, 0 additive, 0 info new finding\(s\); .*\n# baseline: 1 accepted finding\(s\) seen, 0 resolved, 0 not checked this run\n/,
  );
  t.match(accepted.md, /^# Contract report: the spec still holds\n\nNo new breaking or additive drift found against /);
  t.match(
    accepted.md,
    /## Accepted: in the baseline, not failing the run \(1\)\n\n### schema-type at `\$\.data\.total` \(type\) x\d+\n\n- Id: `schema-type:\$\.data\.total:type`\n- Accepted on 2026-04-15: production sends an integer; Number\(\) reads both\n/,
  );
  t.notMatch(accepted.md, /## New, /);

  const second = await run(combined(MUTATIONS.totalAsNumber, MUTATIONS.fieldAdded), {
    baseline,
    writeBaseline: join(dir, 'baseline-2.json'),
    n: 2,
  });
  t.equal(second.result.exitCode, 1, 'a second change turns the run red');
  t.same(ids(second.result, 'new'), [SHOP_LEVEL], 'naming only the new finding');
  t.same(ids(second.result, 'accepted'), [TOTAL]);
  t.match(second.result.report.summary, { breaking: 0, additive: 1, accepted: 1, resolved: 0 });
  const failing = second.tap.match(/^not ok \d+ - .*$/gm) ?? [];
  t.ok(failing.length > 0, `${failing.length} failing test points`);
  const failedCases = second.result.report.cases.filter((c) => c.outcome === 'failed');
  t.ok(
    failedCases.every((c) => c.findings.some((f) => f.id === SHOP_LEVEL && f.status === 'new')),
    'every failed case saw the new finding',
  );
  t.match(
    second.md,
    /^# Contract report: DRIFT, the spec no longer holds\n\nDrift found against .*: 0 breaking, 1 additive new finding\(s\)\.\n/,
  );
  t.match(
    second.md,
    /## New, Additive: .* \(1\)\n\n### undocumented-field at `\$\.data\.list\[\*\]\.creator\.shop_level` x\d+\n\n- Id: `undocumented-field:\$\.data\.list\[\*\]\.creator\.shop_level`\n/,
  );
  t.notMatch(second.md, /## New, Breaking/);
  t.match(second.md, /## Accepted: in the baseline, not failing the run \(1\)\n\n### schema-type at `\$\.data\.total`/);
  t.same(
    readJson<BaselineFile>(join(dir, 'baseline-2.json')).accepted.map((e) => [e.id, e.reason, e.accepted_on]),
    [
      [TOTAL, 'production sends an integer; Number() reads both', '2026-04-15'],
      [SHOP_LEVEL, 'TODO: explain why this is accepted (a vendor notice or a ticket helps)', '2026-04-17'],
    ],
    '--write-baseline with --baseline keeps the reason given and adds the new finding, dated by the run',
  );

  const gone = await run(MUTATIONS.fieldAdded, { baseline, n: 3 });
  t.same(ids(gone.result, 'new'), [SHOP_LEVEL]);
  t.same(
    gone.result.report.baseline?.resolved.map((e) => e.id),
    [TOTAL],
    'the first change undone: its entry is resolved',
  );
  t.match(gone.result.report.summary, { accepted: 0, resolved: 1 });
  t.match(
    gone.md,
    /## Resolved: in the baseline, no longer seen; remove these entries \(1\)\n\n- `schema-type:\$\.data\.total:type`: accepted on 2026-04-15 \(production sends an integer; Number\(\) reads both\); shown by: baseline: the default query/,
  );
  t.match(gone.tap, /# baseline: 0 accepted finding\(s\) seen, 1 resolved, 0 not checked this run\n/);

  const clean = await run(undefined, { baseline, n: 4 });
  t.equal(clean.result.exitCode, 0);
  t.same(
    clean.result.report.baseline?.resolved.map((e) => e.id),
    [TOTAL],
  );
  const drift = readJson<{ findings: unknown[]; baseline: { resolved: { id: string }[] }; summary: { resolved: number } }>(
    join(clean.result.reportFiles[0] as string),
  );
  t.match(drift, { findings: [], summary: { resolved: 1 }, baseline: { resolved: [{ id: TOTAL }] } }, 'drift.json lists it');
});

t.test('under a budget, an entry whose case did not run is not checked, not resolved', async (t) => {
  server.use(undefined);
  const probe = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 12 });
  const skippedCase = probe.report.skipped[0]?.name as string;
  const ranCase = probe.report.cases[0]?.name as string;
  const baseline: BaselineFile = {
    version: 1,
    accepted: [
      { id: 'validation-rejects-valid:pagesize:maximum', reason: 'free plan', accepted_on: '2026-04-01', case: skippedCase },
      { id: TOTAL, reason: 'integer', accepted_on: '2026-04-01', case: ranCase },
      { id: 'status:status:code 10001', reason: 'no case named', accepted_on: '2026-04-01' },
    ],
  };
  const result = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 12, baseline });
  t.equal(result.exitCode, 0);
  t.same(
    result.report.baseline?.resolved.map((e) => e.id),
    [TOTAL],
  );
  t.same(
    result.report.baseline?.not_checked.map((e) => e.id),
    ['validation-rejects-valid:pagesize:maximum', 'status:status:code 10001'],
  );
  t.notOk('file' in (result.report.baseline ?? {}), 'a baseline given as an object names no file');
  const full = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, baseline });
  t.same(
    full.report.baseline?.resolved.map((e) => e.id),
    baseline.accepted.map((e) => e.id),
    'a run that checks every case resolves all three',
  );
});

t.test('a broken baseline stops the run before anything is sent (exit 2)', async (t) => {
  let sent = 0;
  const counting: typeof fetch = async (...args) => {
    sent++;
    return fetch(...args);
  };
  const bad = join(dir, 'bad-baseline.json');
  writeFileSync(bad, JSON.stringify({ version: 1, accepted: [{ id: TOTAL, reason: 'r', accepted_on: 'today' }] }));
  await t.rejects(runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, baseline: bad, fetch: counting }), {
    name: 'ContractSetupError',
    message: `The baseline ${bad} is not usable: accepted[0] (${TOTAL}): "accepted_on" must be a date written YYYY-MM-DD, got "today". Fix the entry, or start a new file with --write-baseline FILE.`,
  });
  t.equal(sent, 0);
});

t.test(
  'a state file rotates a budget of 40 over every case: covered in exactly ceil(rotating cost / (40 - fixed cost)) runs',
  async (t) => {
    server.use(undefined);
    const { cases } = suiteSetup(api);
    const first = cases.filter((c) => c.category === 'baseline' || c.category === 'auth');
    const fixed = first.reduce((sum, c) => sum + c.cost, 0);
    const rotating = cases.reduce((sum, c) => sum + c.cost, 0) - fixed;
    const expected = Math.ceil(rotating / (40 - fixed));
    const state = join(dir, 'rotation', 'state.json');
    // The signed query form: the target carries credentials in its URL, which must key nothing and appear nowhere.
    const signed = new URLSearchParams({
      client_id: 'rotation-app',
      access_token: TOKEN,
      timestamp: String(NOW.getTime() / 1000),
      sign: 'ab'.repeat(32),
    });
    const target = { baseUrl: `${server.baseUrl}?${signed.toString()}` };
    const reports: ContractResult['report'][] = [];
    while (reports.length < 6) {
      const out = capture();
      const n = reports.length;
      const result = await runSuite({ target, budget: 40, state, clock: () => day(n), output: out.write });
      reports.push(result.report);
      t.ok(result.report.requests_sent <= 40, `run ${n + 1}: ${result.report.requests_sent} requests`);
      t.same(
        result.report.cases.slice(0, first.length).map((c) => c.name),
        first.map((c) => c.name),
        `run ${n + 1}: baseline and auth first`,
      );
      t.match(
        out.text(),
        new RegExp(
          `# coverage: ${result.report.cases.length} of ${cases.length} case\\(s\\) checked this run; ${result.report.coverage?.never_checked.length} never checked against ${server.baseUrl.replaceAll('.', '\\.')}; oldest check 2026-04-15T06:00:00\\.000Z\\n`,
        ),
      );
      if (result.report.coverage?.never_checked.length === 0) break;
    }
    t.equal(
      reports.length,
      expected,
      `${cases.length} cases, fixed cost ${fixed}, rotating cost ${rotating}: every case checked after ${expected} runs`,
    );
    const [one, two] = reports as [ContractResult['report'], ContractResult['report']];
    t.match(one.coverage, {
      state_file: state,
      target: server.baseUrl,
      cases: cases.length,
      checked_this_run: one.cases.length,
      oldest_check: { case: first[0]?.name, checked_at: '2026-04-15T06:00:00.000Z' },
    });
    t.equal(
      one.coverage?.never_checked.length,
      cases.length - one.cases.length,
      'after the first run, what it did not run is never checked',
    );
    t.same(
      one.coverage?.never_checked,
      one.skipped
        .map((s) => s.name)
        .filter((name) => !one.cases.some((c) => c.name === name))
        .sort((a, b) => cases.findIndex((c) => c.name === a) - cases.findIndex((c) => c.name === b)),
    );
    const secondRotating = two.cases.slice(first.length).map((c) => c.name);
    const firstRan = new Set(one.cases.map((c) => c.name));
    t.ok(
      secondRotating.filter((name) => cases.find((c) => c.name === name)?.cost !== 0).every((name) => !firstRan.has(name)),
      'the second run spends its budget on cases the first did not check',
    );
    t.match(
      two.skipped.find((s) => firstRan.has(s.name)),
      { reason: 'over the budget of 40 requests', detail: 'last checked 2026-04-15T06:00:00.000Z' },
    );

    const saved = readFileSync(state, 'utf8');
    for (const [name, value] of signed) t.notOk(saved.includes(value), `no ${name} in the state file`);
    const parsed = JSON.parse(saved) as RunState;
    t.same(Object.keys(parsed.targets), [server.baseUrl], 'keyed by the URL without its query');
    t.same(Object.keys(parsed.targets[server.baseUrl]?.cases ?? {}).sort(), cases.map((c) => c.name).sort(), 'every case has a last check');
    t.equal(
      parsed.targets[server.baseUrl]?.cases[first[0]?.name as string]?.checked_at,
      new Date(day(expected - 1)).toISOString(),
      'the baseline ran in every run',
    );

    const next = await runSuite({ target, budget: 40, state, clock: () => day(expected) });
    t.equal(
      next.report.coverage?.oldest_check?.checked_at,
      new Date(day(1)).toISOString(),
      'once all are covered, the oldest check moves on',
    );
  },
);

t.test('a run that stops early marks only the cases that ran; without --state nothing changes', async (t) => {
  const state = join(dir, 'stopped', 'state.json');
  server.use(MUTATIONS.rateLimitedAlways);
  const result = await runSuite({
    target: { baseUrl: server.baseUrl, token: TOKEN },
    state,
    sleep: async () => undefined,
    clock: () => day(0),
  });
  t.match(result.report.stopped, { reason: 'rate-limited' });
  const checked = readJson<RunState>(state).targets[server.baseUrl]?.cases ?? {};
  t.same(Object.keys(checked).sort(), result.report.cases.map((c) => c.name).sort(), 'exactly the cases that ran to their end');
  t.ok(result.report.cases.length > 0 && result.report.cases.length < 20, `${result.report.cases.length} cases ran`);
  t.same(
    Object.values(checked).map((c) => c.checked_at),
    result.report.cases.map(() => '2026-04-15T06:00:00.000Z'),
  );
  t.equal(result.report.coverage?.never_checked.length, CASE_COUNT - result.report.cases.length);

  server.use(undefined);
  const none = join(dir, 'stopped', 'none.json');
  let now = day(0);
  const late = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, state: none, timeoutS: 1, clock: () => (now += 2000) });
  t.match(late.report, { stopped: { reason: 'time' }, cases: [], coverage: { checked_this_run: 0, oldest_check: null } });
  t.equal(late.report.coverage?.never_checked.length, CASE_COUNT);
  t.same(
    readJson<RunState>(none),
    { version: 1, targets: { [server.baseUrl]: { cases: {} } } },
    'stopped before any case ended: nothing marked',
  );

  const plain = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, budget: 12 });
  t.notOk('coverage' in plain.report);
  t.notOk('baseline' in plain.report);
  t.match(plain.report.skipped[0], { reason: 'over the budget of 12 requests' });
});

t.test('an unusable state file stops the run before anything is sent (exit 2)', async (t) => {
  const bad = join(dir, 'bad-state.json');
  writeFileSync(
    bad,
    JSON.stringify({ version: 1, targets: { [server.baseUrl]: { cases: { x: { checked_at: 'then', outcome: 'passed' } } } } }),
  );
  await t.rejects(runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN }, state: bad }), {
    name: 'ContractSetupError',
    message: new RegExp(
      `^The state file ${bad} is not usable: targets\\["${server.baseUrl.replaceAll('.', '\\.')}"\\]\\.cases\\["x"\\]\\.checked_at must be an ISO 8601 instant, got "then"\\.`,
    ),
  });
});
