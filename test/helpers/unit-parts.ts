import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';

/**
 * `npm run test:unit` runs the unit files in UNIT_PARTS processes, not one process each: starting a process with tsx,
 * tap and the kit's modules costs more CPU than most files' tests (docs/testing.md). Each file still runs alone with
 * `npx tap <file>`. Files are dealt round-robin in path order, so each part holds files of every folder.
 */
export const UNIT_PARTS = 4;

const TEST = fileURLToPath(new URL('..', import.meta.url));
/** Folders under test/ that hold no unit files. */
const NOT_UNIT = new Set(['e2e', 'helpers', 'unit-parts', 'node_modules']);

/** Every unit test file: test/**\/*.test.ts outside test/e2e/, relative to test/, in path order. */
export function unitTestFiles(dir = TEST): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !NOT_UNIT.has(entry.name)) found.push(...unitTestFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(relative(TEST, path));
  }
  return found.sort();
}

export function partOf(files: readonly string[], part: number): string[] {
  return files.filter((_, index) => index % UNIT_PARTS === part - 1);
}

/**
 * Loads the part's files into this process. Loading happens inside a subtest so that tap's root test stays open while
 * the files register their tests on it; the tests then run one after another, as in a file of their own.
 */
export function runUnitPart(part: number): void {
  t.setTimeout(600_000);
  t.test(`load unit part ${part} of ${UNIT_PARTS}`, async (t) => {
    for (const file of partOf(unitTestFiles(), part)) {
      await import(pathToFileURL(join(TEST, file)).href);
      t.pass(file);
    }
  });
}
