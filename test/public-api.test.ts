import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import ts from 'typescript';
import { projectProgram } from './helpers/typescript.js';

/**
 * The package's entries export the documented API and nothing else: each name is a semver promise, so one added by
 * accident (a CLI internal re-exported for a test) must fail here, and one added on purpose is added to this list and
 * documented in the same change. The spec's generated types (src/generated/types.ts) are re-exported whole and
 * checked against that file instead, since the spec decides them.
 */
const ENTRIES = {
  'src/index.ts': [
    'class ContractSetupError',
    'class DriftReportError',
    'class FakeServerOptionsError',
    'class KitError',
    'class SpecError',
    'class SystemError',
    'class TargetUnreachableError',
    'function buildFakeServer',
    'function createProxySource',
    'function createReplaySource',
    'function runContract',
    'function startFakeServer',
    'type Acceptance',
    'type AnswerSource',
    'type BaselineEntry',
    'type BaselineFile',
    'type BaselineReport',
    'type CaseCheck',
    'type CaseReport',
    'type ContractOptions',
    'type ContractReport',
    'type ContractResult',
    'type ContractTarget',
    'type CoverageReport',
    'type DataMode',
    'type EvidenceReport',
    'type ExchangeRequest',
    'type ExchangeResponse',
    'type FailOn',
    'type FakeServer',
    'type FakeServerOptions',
    'type Finding',
    'type FindingKind',
    'type FindingStatus',
    'type KitErrorCode',
    'type KitErrorInfo',
    'type MemoryUsage',
    'type NotExpressed',
    'type Observation',
    'type OptionalMode',
    'type ProxySourceOptions',
    'type RateLimit',
    'type RecordedExchange',
    'type ReplaySourceOptions',
    'type RunState',
    'type Severity',
    'type SourcedAnswer',
    'type SourcedRequest',
    'type SpecInput',
    'type StartFakeServerOptions',
    'type StartedFakeServer',
    'type StartedTarget',
    'type TargetState',
    'type TopPotentialResult',
    'type Verdict',
    'value KIT_ERRORS',
  ],
  'src/testing/msw.ts': ['function fakeHandlers', 'type FakeHandlersOptions'],
} as const;

const GENERATED = 'src/generated/types.ts';
const program = projectProgram([...Object.keys(ENTRIES), GENERATED]);
const checker = program.getTypeChecker();

function kindOf(symbol: ts.Symbol): string {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  if (target.flags & ts.SymbolFlags.Class) return 'class';
  if (target.flags & ts.SymbolFlags.Function) return 'function';
  if (target.flags & ts.SymbolFlags.Value) return 'value';
  return 'type';
}

function exportsOf(file: string): { name: string; kind: string; from: string }[] {
  const source = program.getSourceFile(join(process.cwd(), file));
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`${file} is not a module of the program`);
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const from = target.declarations?.[0]?.getSourceFile().fileName ?? '';
    return { name: symbol.name, kind: kindOf(symbol), from };
  });
}

const generated = exportsOf(GENERATED).map((entry) => entry.name);

for (const [entry, expected] of Object.entries(ENTRIES)) {
  t.test(`${entry} exports the documented API, and only it`, async (t) => {
    const found = exportsOf(entry);
    const own = found.filter((each) => !each.from.endsWith(GENERATED));
    t.same(own.map((each) => `${each.kind} ${each.name}`).sort(), [...expected].sort());
    if (entry === 'src/index.ts') {
      t.same(
        found
          .filter((each) => each.from.endsWith(GENERATED))
          .map((each) => each.name)
          .sort(),
        [...generated].sort(),
        'and every type generated from the spec',
      );
    }
  });
}

const docs = [readFileSync('README.md', 'utf8'), ...readdirSync('docs').map((name) => readFileSync(join('docs', name), 'utf8'))].join('\n');

t.test('every function and class of the entries is documented in README or docs/', async (t) => {
  for (const name of Object.values(ENTRIES)
    .flat()
    .filter((each) => !each.startsWith('type '))
    .map((each) => each.split(' ')[1] as string)) {
    t.ok(new RegExp(`\\b${name}\\b`).test(docs), name);
  }
});

t.test(
  "no source file augments another package's types: the published .d.ts would change them for every app that installs the kit",
  async (t) => {
    const sources = (readdirSync('src', { recursive: true }) as string[]).filter((name) => name.endsWith('.ts'));
    t.ok(sources.length > 50);
    for (const name of sources) t.notMatch(readFileSync(join('src', name), 'utf8'), /^\s*declare\s+(module|global)\b/m, name);
  },
);
