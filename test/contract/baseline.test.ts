import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  baselineFromFindings,
  loadBaseline,
  parseBaseline,
  REASON_PLACEHOLDER,
  settleBaseline,
  writeBaseline,
  type BaselineEntry,
  type BaselineFile,
} from '../../src/contract/baseline.js';
import type { Finding } from '../../src/contract/findings.js';
import { createScrub } from '../../src/contract/scrub.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('baseline-');
const total: BaselineEntry = {
  id: 'schema-type:$.data.total:type',
  reason: 'production sends an integer; our parser copes',
  accepted_on: '2026-04-15',
  kind: 'schema-type',
  path: '$.data.total',
  rule: 'type',
  case: 'baseline: the default query ({}) conforms to the spec',
};
const bare: BaselineEntry = { id: 'undocumented-field:$.msg', reason: 'the guide says msg', accepted_on: '2026-04-01' };

t.test('a well-formed baseline is taken as it is', async (t) => {
  const file: BaselineFile = { version: 1, accepted: [total, bare] };
  t.equal(parseBaseline(file, 'b.json'), file);
  t.same(parseBaseline({ version: 1, accepted: [] }, 'b.json'), { version: 1, accepted: [] });
});

t.test('anything else is refused strictly, naming the file, the entry and the member, and saying what to do', async (t) => {
  const entry = (change: Record<string, unknown>): unknown => ({ version: 1, accepted: [bare, { ...total, ...change }] });
  const refused: [unknown, string][] = [
    [[], 'it is not a JSON object'],
    [{ version: 1, accepted: [], notes: 'x' }, 'unknown member "notes" (a baseline has "version" and "accepted")'],
    [{ version: 2, accepted: [] }, '"version" must be 1, got 2'],
    [{ accepted: [] }, '"version" must be 1, got undefined'],
    [{ version: 1, accepted: {} }, '"accepted" must be an array of entries'],
    [{ version: 1, accepted: ['x'] }, 'accepted[0]: an entry must be an object'],
    [
      entry({ note: 'n' }),
      'accepted[1] (schema-type:$.data.total:type): unknown member "note" (an entry has id, reason, accepted_on, kind, path, rule, case)',
    ],
    [entry({ id: 3 }), 'accepted[1]: "id" must be a finding id, one line, as drift.json shows it'],
    [entry({ id: ' ' }), 'accepted[1] ( ): "id" must be a finding id, one line, as drift.json shows it'],
    [entry({ id: 'a\nb', kind: undefined, path: undefined }), 'accepted[1] (a\nb): "id" must be a finding id, one line'],
    [entry({ reason: '' }), 'accepted[1] (schema-type:$.data.total:type): "reason" must say why the finding is accepted'],
    [entry({ reason: 5 }), 'accepted[1] (schema-type:$.data.total:type): "reason" must say why the finding is accepted'],
    [
      entry({ accepted_on: 'yesterday' }),
      'accepted[1] (schema-type:$.data.total:type): "accepted_on" must be a date written YYYY-MM-DD, got "yesterday"',
    ],
    [
      entry({ accepted_on: '2026-02-30' }),
      'accepted[1] (schema-type:$.data.total:type): "accepted_on" must be a date written YYYY-MM-DD, got "2026-02-30"',
    ],
    [
      entry({ accepted_on: 20260415 }),
      'accepted[1] (schema-type:$.data.total:type): "accepted_on" must be a date written YYYY-MM-DD, got 20260415',
    ],
    [entry({ case: 1 }), 'accepted[1] (schema-type:$.data.total:type): "case" must be a string'],
    [entry({ rule: null }), 'accepted[1] (schema-type:$.data.total:type): "rule" must be a string'],
    [entry({ path: ['$'] }), 'accepted[1] (schema-type:$.data.total:type): "path" must be a string'],
    [entry({ kind: 'schema-colour' }), 'accepted[1] (schema-type:$.data.total:type): "kind" must be a finding kind, got "schema-colour"'],
    [entry({ kind: 'toString' }), 'accepted[1] (schema-type:$.data.total:type): "kind" must be a finding kind, got "toString"'],
    [entry({ path: undefined }), 'accepted[1] (schema-type:$.data.total:type): "kind" and "path" go together (or leave both out)'],
    [entry({ kind: undefined }), 'accepted[1] (schema-type:$.data.total:type): "kind" and "path" go together (or leave both out)'],
    [
      entry({ rule: 'pattern' }),
      'accepted[1] (schema-type:$.data.total:type): "id" does not match its kind, path and rule, which give "schema-type:$.data.total:pattern"',
    ],
    [
      entry({ rule: undefined }),
      'accepted[1] (schema-type:$.data.total:type): "id" does not match its kind, path and rule, which give "schema-type:$.data.total"',
    ],
    [
      { version: 1, accepted: [total, bare, { ...total, reason: 'again' }] },
      'accepted[2] (schema-type:$.data.total:type): the id is listed twice, also at accepted[0]',
    ],
  ];
  for (const [value, why] of refused) {
    t.throws(
      () => parseBaseline(value, 'reports/baseline.json'),
      { name: 'ContractSetupError', message: `The baseline reports/baseline.json is not usable: ${why}` },
      why,
    );
  }
  t.throws(() => parseBaseline([], 'b.json'), { message: /\. Fix the entry, or start a new file with --write-baseline FILE\.$/ });
});

t.test('loading: a path is read and checked, an object checked; a missing or unreadable file is a setup error', async (t) => {
  const path = join(dir, 'accepted.json');
  writeFileSync(path, JSON.stringify({ version: 1, accepted: [total] }));
  t.same(await loadBaseline(path), { version: 1, accepted: [total] });
  t.same(await loadBaseline({ version: 1, accepted: [bare] }), { version: 1, accepted: [bare] });
  await t.rejects(loadBaseline({ version: 0 } as never), {
    name: 'ContractSetupError',
    message: /^The baseline given as an option is not usable: "version" must be 1/,
  });
  await t.rejects(loadBaseline(join(dir, 'nope.json')), {
    name: 'ContractSetupError',
    message: `Failed to read the baseline ${join(dir, 'nope.json')}: there is no such file. Check the path, or start one with --write-baseline ${join(dir, 'nope.json')}.`,
  });
  writeFileSync(join(dir, 'broken.json'), '{"version": 1,');
  await t.rejects(loadBaseline(join(dir, 'broken.json')), {
    name: 'ContractSetupError',
    message: /^Failed to read the baseline .*broken\.json: it is not JSON \(.*\)\. Fix the entry/,
  });
  mkdirSync(join(dir, 'a-directory'));
  await t.rejects(loadBaseline(join(dir, 'a-directory')), {
    name: 'ContractSetupError',
    message: /^Failed to read the baseline .*a-directory: EISDIR/,
  });
  writeFileSync(join(dir, 'bad-entry.json'), JSON.stringify({ version: 1, accepted: [{ ...total, accepted_on: '15/04/2026' }] }));
  await t.rejects(loadBaseline(join(dir, 'bad-entry.json')), {
    message: `The baseline ${join(dir, 'bad-entry.json')} is not usable: accepted[0] (schema-type:$.data.total:type): "accepted_on" must be a date written YYYY-MM-DD, got "15/04/2026". Fix the entry, or start a new file with --write-baseline FILE.`,
  });
});

t.test('settling: unseen entries are resolved only when what showed them was checked', async (t) => {
  const other: BaselineEntry = { ...bare, id: 'x:y', case: 'validation: page maximum outside: 1001 is refused' };
  const baseline: BaselineFile = { version: 1, accepted: [total, bare, other] };
  const allSeen = settleBaseline(baseline, new Set([total.id, bare.id, other.id]), { cases: new Set(), everything: true });
  t.same(allSeen, { resolved: [], notChecked: [] }, 'an entry seen again is neither');
  const partial = settleBaseline(baseline, new Set(), { cases: new Set([total.case as string]), everything: false });
  t.same(partial.resolved, [total], 'its case ran without it');
  t.same(partial.notChecked, [bare, other], 'no case named, or its case did not run: not checked');
  const complete = settleBaseline(baseline, new Set([bare.id]), { cases: new Set(), everything: true });
  t.same(complete, { resolved: [total, other], notChecked: [] }, 'a run that checked everything resolves whatever it did not see');
});

t.test('--write-baseline content: breaking and additive findings, reasons kept, unchecked entries kept, sorted by id', async (t) => {
  const finding = (kind: Finding['kind'], severity: Finding['severity'], path: string, rule?: string): Finding => ({
    id: `${kind}:${path}${rule === undefined ? '' : `:${rule}`}`,
    status: 'new',
    kind,
    severity,
    path,
    ...(rule === undefined ? {} : { rule }),
    expected: 'e',
    observed: 'o',
    count: 2,
    case: `case of ${path}`,
  });
  const findings = [
    finding('schema-type', 'breaking', '$.data.total', 'type'),
    finding('undocumented-field', 'additive', '$.data.list[*].creator.shop_level'),
    finding('sort-ties', 'info', '$.data.list[*].uid'),
  ];
  const kept: BaselineEntry = { id: 'a-first:x', reason: 'not checked this time', accepted_on: '2026-01-01' };
  t.same(baselineFromFindings(findings, { version: 1, accepted: [total] }, [kept], '2026-04-20'), {
    version: 1,
    accepted: [
      kept,
      total,
      {
        id: 'undocumented-field:$.data.list[*].creator.shop_level',
        reason: REASON_PLACEHOLDER,
        accepted_on: '2026-04-20',
        kind: 'undocumented-field',
        path: '$.data.list[*].creator.shop_level',
        case: 'case of $.data.list[*].creator.shop_level',
      },
    ],
  });
  const fresh = baselineFromFindings(findings, undefined, [], '2026-04-20');
  t.match(fresh.accepted[0], { id: 'schema-type:$.data.total:type', rule: 'type', reason: /^TODO: explain why this is accepted/ });
  t.equal(fresh.accepted.length, 2, 'info findings never fail a run, so they are not written');
  t.same(parseBaseline(JSON.parse(JSON.stringify(fresh)), 'written'), fresh, 'what is written reads back');
});

t.test('writing: atomic, scrubbed, the directory created; an unwritable place says so', async (t) => {
  const path = join(dir, 'new', 'nested', 'baseline.json');
  const file: BaselineFile = { version: 1, accepted: [{ ...bare, reason: 'seen with key s3cret-long' }] };
  await writeBaseline(path, file, createScrub(['s3cret-long']));
  t.equal(
    readFileSync(path, 'utf8'),
    `${JSON.stringify({ version: 1, accepted: [{ ...bare, reason: 'seen with key <redacted>' }] }, null, 2)}\n`,
  );
  await writeBaseline(path, { version: 1, accepted: [] }, createScrub([]));
  t.same(JSON.parse(readFileSync(path, 'utf8')), { version: 1, accepted: [] }, 'replaced whole');
  writeFileSync(join(dir, 'plain-file'), '');
  await t.rejects(writeBaseline(join(dir, 'plain-file', 'baseline.json'), file, createScrub([])), {
    // A setup error (exit 2, the user's to fix), not an internal one (exit 3).
    name: 'ContractSetupError',
    message: /^Failed to write the baseline .*plain-file\/baseline\.json: .*\. Pass a writable path to --write-baseline\.$/,
  });
  await t.rejects(writeBaseline(join(dir, 'new'), file, createScrub([])), {
    message:
      /^Failed to write the baseline .*\/new: EISDIR: illegal operation on a directory, rename .*\. Pass a writable path to --write-baseline\.$/,
  });
  t.same(
    (await import('node:fs')).readdirSync(join(dir, 'new')).filter((name) => name.endsWith('.tmp')),
    [],
    'a failed rename leaves no temporary file behind',
  );
});
