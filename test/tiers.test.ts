import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { partOf, UNIT_PARTS, unitTestFiles } from './helpers/unit-parts.js';

/**
 * The two tiers (docs/testing.md): the unit run is the inner loop, so it starts no process, no linter and no
 * browser; whatever does lives in test/e2e, where every file sets its own timeout for a loaded machine instead of
 * leaning on tap's 30 s default.
 */
const TEST = fileURLToPath(new URL('.', import.meta.url));
const files = (readdirSync(TEST, { recursive: true }) as string[])
  .filter((name) => name.endsWith('.test.ts') && !name.includes('node_modules'))
  .map((name) => join(TEST, name));
const e2e = files.filter((file) => relative(TEST, file).startsWith('e2e/'));
const unit = unitTestFiles().map((name) => join(TEST, name));

t.test('both tiers have files', async (t) => {
  t.ok(unit.length > 10, `${unit.length} unit files`);
  t.ok(e2e.length > 10, `${e2e.length} e2e files`);
});

t.test('every test file is in one tier; the unit parts load every unit file once', async (t) => {
  t.same([...unit, ...e2e].sort(), [...files].sort(), 'unit files and e2e files together are all the test files');
  const parts = readdirSync(join(TEST, 'unit-parts')).sort();
  t.same(
    parts,
    Array.from({ length: UNIT_PARTS }, (_, index) => `part-${index + 1}.ts`),
    'one file per part',
  );
  for (const [index, part] of parts.entries()) {
    t.match(readFileSync(join(TEST, 'unit-parts', part), 'utf8'), `runUnitPart(${index + 1});`, `${part} runs its own part`);
  }
  const loaded = Array.from({ length: UNIT_PARTS }, (_, index) => partOf(unitTestFiles(), index + 1)).flat();
  t.same(loaded.sort(), unitTestFiles(), 'the parts together load each unit file once');
});

t.test('every e2e file sets its own timeout at its top level', async (t) => {
  for (const file of e2e) t.match(readFileSync(file, 'utf8'), /^t\.setTimeout\(.+\);$/m, relative(TEST, file));
});

const HEAVY: readonly [RegExp, string][] = [
  [/from 'node:child_process'/, 'starts processes'],
  [/helpers\/spawn-cli\.js'/, 'starts the CLI in a process'],
  [/from 'eslint'/, 'runs ESLint'],
  [/from 'playwright-core'/, 'starts a browser'],
];

t.test('no unit file starts a process, ESLint or a browser', async (t) => {
  for (const file of unit.filter((file) => file !== fileURLToPath(import.meta.url))) {
    const text = readFileSync(file, 'utf8');
    const found = HEAVY.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
    t.same(found, [], relative(TEST, file));
  }
});
