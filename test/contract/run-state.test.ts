import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  coverageOf,
  lastChecked,
  MAX_STATE_TARGETS,
  parseRunState,
  readRunState,
  updateRunState,
  writeRunState,
  type RunState,
  type TargetState,
} from '../../src/contract/run-state.js';
import { createScrub } from '../../src/contract/scrub.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('run-state-');
const PROD = 'https://openapi.fastmoss.com';
const state: RunState = {
  version: 1,
  targets: {
    [PROD]: {
      cases: {
        a: { checked_at: '2026-04-10T06:00:00.000Z', outcome: 'passed' },
        b: { checked_at: '2026-04-12T06:00:00.000Z', outcome: 'failed' },
        gone: { checked_at: '2026-04-01T06:00:00.000Z', outcome: 'inconclusive' },
      },
    },
    'in-process fake': { cases: { a: { checked_at: '2026-04-14T06:00:00.000Z', outcome: 'passed' } } },
  },
};

t.test('a state file is checked strictly, naming the file, the target and the case', async (t) => {
  t.equal(parseRunState(state, 's.json'), state);
  const refused: [unknown, string][] = [
    [null, 'it is not a JSON object'],
    [{ version: 1, targets: {}, extra: 1 }, 'unknown member "extra" (a state file has "version" and "targets")'],
    [{ version: '1', targets: {} }, '"version" must be 1, got "1"'],
    [{ version: 1, targets: [] }, '"targets" must be an object keyed by target'],
    [{ version: 1, targets: { [PROD]: { cases: {}, more: 1 } } }, `targets["${PROD}"] must be { "cases": { ... } }`],
    [{ version: 1, targets: { [PROD]: { cases: [] } } }, `targets["${PROD}"] must be { "cases": { ... } }`],
    [{ version: 1, targets: { [PROD]: 'x' } }, `targets["${PROD}"] must be { "cases": { ... } }`],
    [
      { version: 1, targets: { [PROD]: { cases: { a: '2026-04-10' } } } },
      `targets["${PROD}"].cases["a"] must be { "checked_at", "outcome" }`,
    ],
    [
      { version: 1, targets: { [PROD]: { cases: { a: { checked_at: '2026-04-10T00:00:00Z' } } } } },
      `targets["${PROD}"].cases["a"] must be { "checked_at", "outcome" }`,
    ],
    [
      { version: 1, targets: { [PROD]: { cases: { a: { checked_at: 'soon', outcome: 'passed' } } } } },
      `targets["${PROD}"].cases["a"].checked_at must be an ISO 8601 instant, got "soon"`,
    ],
    [
      { version: 1, targets: { [PROD]: { cases: { a: { checked_at: 5, outcome: 'passed' } } } } },
      `targets["${PROD}"].cases["a"].checked_at must be an ISO 8601 instant, got 5`,
    ],
    [
      { version: 1, targets: { [PROD]: { cases: { a: { checked_at: '2026-04-10T00:00:00Z', outcome: 'skipped' } } } } },
      `targets["${PROD}"].cases["a"].outcome must be passed, failed or inconclusive, got "skipped"`,
    ],
  ];
  for (const [value, why] of refused) {
    t.throws(
      () => parseRunState(value, 'state.json'),
      {
        name: 'ContractSetupError',
        message: `The state file state.json is not usable: ${why}. Fix it, or delete the file to start again (every case then counts as never checked).`,
      },
      why,
    );
  }
});

t.test('reading: no file yet is an empty state; a file is read and checked', async (t) => {
  t.same(await readRunState(join(dir, 'none.json')), { version: 1, targets: {} });
  const path = join(dir, 'state.json');
  writeFileSync(path, JSON.stringify(state));
  t.same(await readRunState(path), state);
  writeFileSync(join(dir, 'half.json'), '{"version":');
  await t.rejects(readRunState(join(dir, 'half.json')), {
    name: 'ContractSetupError',
    message: /^Failed to read the state file .*half\.json: it is not JSON/,
  });
  writeFileSync(join(dir, 'wrong.json'), '{"version": 2, "targets": {}}');
  await t.rejects(readRunState(join(dir, 'wrong.json')), {
    message: /^The state file .*wrong\.json is not usable: "version" must be 1, got 2\./,
  });
});

t.test('last checks per target, in epoch milliseconds; another target and an unknown one are apart', async (t) => {
  t.same(
    [...lastChecked(state, PROD)],
    [
      ['a', Date.parse('2026-04-10T06:00:00.000Z')],
      ['b', Date.parse('2026-04-12T06:00:00.000Z')],
      ['gone', Date.parse('2026-04-01T06:00:00.000Z')],
    ],
  );
  t.same([...lastChecked(state, 'in-process fake')], [['a', Date.parse('2026-04-14T06:00:00.000Z')]]);
  t.same([...lastChecked(state, 'https://elsewhere.test')], []);
  t.same([...lastChecked(state, 'constructor')], [], "an Object prototype member's name is no target");
});

t.test('after a run: cases that ran get its time and outcome, the others keep theirs, cases the suite lost are dropped', async (t) => {
  const next = updateRunState(
    state,
    PROD,
    ['a', 'b', 'c', 'd'],
    [
      { name: 'b', outcome: 'passed' },
      { name: 'c', outcome: 'inconclusive' },
    ],
    '2026-04-15T06:00:00.000Z',
  );
  t.same(next, {
    version: 1,
    targets: {
      [PROD]: {
        cases: {
          a: { checked_at: '2026-04-10T06:00:00.000Z', outcome: 'passed' },
          b: { checked_at: '2026-04-15T06:00:00.000Z', outcome: 'passed' },
          c: { checked_at: '2026-04-15T06:00:00.000Z', outcome: 'inconclusive' },
        },
      },
      'in-process fake': state.targets['in-process fake'],
    },
  });
  const odd = updateRunState(
    { version: 1, targets: {} },
    'https://new.test',
    ['__proto__', 'x'],
    [{ name: '__proto__', outcome: 'passed' }],
    '2026-04-15T06:00:00.000Z',
  );
  t.equal(
    JSON.stringify(odd),
    '{"version":1,"targets":{"https://new.test":{"cases":{"__proto__":{"checked_at":"2026-04-15T06:00:00.000Z","outcome":"passed"}}}}}',
    'a case named like a prototype member is a plain entry, written out',
  );
  t.same([...lastChecked(odd, 'https://new.test')], [['__proto__', Date.parse('2026-04-15T06:00:00.000Z')]]);
  const after = updateRunState(
    JSON.parse(
      '{"version":1,"targets":{"t":{"cases":{"__proto__":{"checked_at":"2026-04-01T00:00:00Z","outcome":"failed"}}}}}',
    ) as RunState,
    't',
    ['__proto__', 'constructor'],
    [],
    'x',
  );
  t.equal(
    JSON.stringify(after),
    '{"version":1,"targets":{"t":{"cases":{"__proto__":{"checked_at":"2026-04-01T00:00:00Z","outcome":"failed"}}}}}',
    'kept, and no prototype member taken for a check',
  );
});

t.test('coverage: never-checked cases in the suite order, and the oldest check', async (t) => {
  t.same(coverageOf('s.json', state, PROD, ['c', 'b', 'a', 'd'], 2), {
    state_file: 's.json',
    target: PROD,
    cases: 4,
    checked_this_run: 2,
    never_checked: ['c', 'd'],
    oldest_check: { case: 'a', checked_at: '2026-04-10T06:00:00.000Z' },
  });
  t.match(
    coverageOf('s.json', state, PROD, ['b', 'a'], 0),
    { never_checked: [], oldest_check: { case: 'a', checked_at: '2026-04-10T06:00:00.000Z' } },
    'a case the suite lost does not count',
  );
  t.match(coverageOf('s.json', state, 'https://new.test', ['a', 'b'], 0), { never_checked: ['a', 'b'], oldest_check: null });
});

t.test('writing: atomic and scrubbed; an unwritable path says what to do', async (t) => {
  const path = join(dir, 'out', 'state.json');
  await writeRunState(path, { version: 1, targets: { 'https://k3y-value.test': { cases: {} } } }, createScrub(['k3y-value']));
  t.equal(
    readFileSync(path, 'utf8'),
    '{\n  "version": 1,\n  "targets": {\n    "https://<redacted>.test": {\n      "cases": {}\n    }\n  }\n}\n',
  );
  t.same(readdirSync(join(dir, 'out')), ['state.json'], 'no temporary file left');
  await t.rejects(writeRunState(join(dir, 'out'), state, createScrub([])), {
    message: /^Failed to write the state file .*\/out: EISDIR.*\. Pass a writable path to --state\.$/,
  });
});

t.test("a state file keeps this run's target and the most recently checked others, up to MAX_STATE_TARGETS", async (t) => {
  const day = (n: number) => `2026-04-${String(n).padStart(2, '0')}T06:00:00.000Z`;
  // One target per run, as a fake on a new port each run would give: the file would otherwise grow for ever.
  const targets: Record<string, TargetState> = Object.fromEntries(
    Array.from({ length: 20 }, (_, n) => [
      `http://127.0.0.1:${4000 + n}`,
      { cases: { a: { checked_at: day(n + 1), outcome: 'passed' as const } } },
    ]),
  );
  // A target's latest check is its newest case's, whatever order its cases are in.
  targets['http://127.0.0.1:4000'] = {
    cases: { b: { checked_at: day(22), outcome: 'passed' }, a: { checked_at: day(1), outcome: 'passed' } },
  };
  const next = updateRunState({ version: 1, targets }, 'http://127.0.0.1:4003', ['a'], [{ name: 'a', outcome: 'passed' }], day(25));
  const names = Object.keys(next.targets);
  t.equal(names.length, MAX_STATE_TARGETS);
  t.ok(names.includes('http://127.0.0.1:4003'), "this run's target stays, though it was among the oldest");
  t.same(
    names.filter((name) => name !== 'http://127.0.0.1:4003'),
    ['http://127.0.0.1:4000', ...Array.from({ length: MAX_STATE_TARGETS - 2 }, (_, n) => `http://127.0.0.1:${4006 + n}`)],
    'the most recently checked others, in their order',
  );
  t.equal(names.indexOf('http://127.0.0.1:4003'), 1, 'a known target keeps its place');
});
