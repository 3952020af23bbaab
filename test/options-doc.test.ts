import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import ts from 'typescript';
import { OPTIONS_DOC, renderOptionsDoc, TABLES } from '../scripts/options-doc.js';
import { projectProgram } from './helpers/typescript.js';

const committed = readFileSync(OPTIONS_DOC, 'utf8');

t.test(`${OPTIONS_DOC} is what \`npm run generate\` makes from the option types now`, async (t) => {
  t.equal(committed, renderOptionsDoc(), 'stale: run `npm run generate` and commit the page with the change to the types');
});

/** The names in each table of the committed page, by the interface it documents (the tables are in TABLES' order). */
function documented(): Map<string, string[]> {
  const sections = committed.split(/^## /m).slice(1);
  t.equal(sections.length, TABLES.length, 'one section per table');
  return new Map(
    TABLES.map((table, index) => [
      table.name,
      [...(sections[index] ?? '').matchAll(/^\| `([^`?]+)\??` \|/gm)].map((match) => match[1] as string),
    ]),
  );
}

// Read with the type checker, not the page's own generator: the members a value of each type may have, inherited
// ones included, against the names the page gives for it.
const program = projectProgram([...new Set(TABLES.map((table) => table.file))]);
const checker = program.getTypeChecker();

function interfaceIn(file: string, name: string): ts.InterfaceDeclaration {
  const declaration = program
    .getSourceFile(join(process.cwd(), file))
    ?.statements.find(
      (statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === name,
    );
  if (declaration === undefined) throw new Error(`${file} declares no interface ${name}`);
  return declaration;
}

const namesOf = (node: ts.Node): string[] => checker.getPropertiesOfType(checker.getTypeAtLocation(node)).map((symbol) => symbol.name);

/** Every member of the interface, inherited ones included. */
const keysOf = (file: string, name: string): string[] => namesOf(interfaceIn(file, name)).sort();

/** What the interface adds to another package's type it extends (FakeServer to Fastify's instance). */
function addedTo(file: string, name: string): string[] {
  const declaration = interfaceIn(file, name);
  const inherited = new Set((declaration.heritageClauses ?? []).flatMap((clause) => clause.types).flatMap(namesOf));
  t.ok(inherited.has('inject'), `${name} extends Fastify's instance`);
  return namesOf(declaration)
    .filter((key) => !inherited.has(key))
    .sort();
}

t.test('every option each helper takes is in the page under its name, and no other name', async (t) => {
  const names = documented();
  const table = (name: string): string[] => names.get(name) ?? [];
  const shared = table('FakeServerOptions');
  t.ok(shared.includes('now') && shared.includes('monotonicMs') && !shared.includes('clock'), 'e.g. the clock is `now`');
  t.same(keysOf('src/server/options.ts', 'FakeServerOptions'), [...shared].sort(), 'buildFakeServer');
  t.same(
    keysOf('src/testing/start-fake-server.ts', 'StartFakeServerOptions'),
    [...shared, ...table('StartFakeServerOptions')].sort(),
    'startFakeServer',
  );
  t.same(keysOf('src/testing/msw.ts', 'FakeHandlersOptions'), [...shared, ...table('FakeHandlersOptions')].sort(), 'fakeHandlers');
  t.same(
    keysOf('src/testing/start-fake-server.ts', 'StartedFakeServer'),
    [...table('StartedFakeServer')].sort(),
    'startFakeServer resolves with',
  );
  t.same(addedTo('src/server/build-fake-server.ts', 'FakeServer'), [...table('FakeServer')].sort(), 'buildFakeServer returns');
});

t.test('README links the page', async (t) => {
  t.ok(readFileSync('README.md', 'utf8').includes(`(${OPTIONS_DOC})`));
});
