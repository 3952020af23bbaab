import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * bench/RESULTS.md is the committed record of every measuring script, one section each: `npm run bench` writes
 * `bench`, bench/compare-builds.ts writes `compare`, `npm run soak` writes `soak`, `npm run soak -- --hostile` writes
 * `hostile`, bench/helpers.ts writes `helpers`. A script replaces its own section in place and keeps the others, so the file stays complete without any
 * script reading another's figures.
 */
export type SectionName = 'bench' | 'compare' | 'helpers' | 'soak' | 'hostile' | 'reproduce';
const ORDER: readonly SectionName[] = ['bench', 'compare', 'helpers', 'soak', 'hostile', 'reproduce'];

const REPRODUCE = [
  '## Reproduce',
  '',
  '```sh',
  'npm ci && npm run bench            # full run: writes the sections above the soak (and results.json, not committed)',
  'npm run bench -- --help            # durations, rounds, connection levels, --only',
  'npx tsx bench/compare-builds.ts --a OLD --b NEW   # two built checkouts side by side; writes its section',
  'npx tsx bench/helpers.ts [--before OLD]           # import + startFakeServer + first answer, close(), fresh processes; writes its section',
  'npm run soak                       # 60 s at 100 connections; writes its section',
  'npm run soak -- --hostile          # the attacks of issue 13 and the drain test; writes its section',
  '```',
  '',
  'How the fake was made fast enough, and which optimisations stayed, with side-by-side figures: [OPTIMISATIONS.md](OPTIMISATIONS.md).',
  '',
];

const PLACEHOLDERS: Readonly<Record<SectionName, readonly string[]>> = {
  bench: ['# Benchmark results', '', 'No bench run recorded yet: run `npm run bench`.', ''],
  compare: [
    '## Before and after (`bench/compare-builds.ts`)',
    '',
    'No comparison recorded yet: run `npx tsx bench/compare-builds.ts --a OLD --b NEW`.',
    '',
  ],
  helpers: ['## In-process helpers (`npx tsx bench/helpers.ts`, issue 22)', '', 'No run recorded yet: run `npx tsx bench/helpers.ts`.', ''],
  soak: ['## Soak (`npm run soak`, issue 6)', '', 'No soak recorded yet: run `npm run soak`.', ''],
  hostile: [
    '## Hostile load (`npm run soak -- --hostile`, issue 13)',
    '',
    'No hostile run recorded yet: run `npm run soak -- --hostile`.',
    '',
  ],
  reproduce: REPRODUCE,
};

const begin = (name: SectionName): string => `<!-- begin ${name}: written in place by its script, see bench/results-md.ts -->`;
const end = (name: SectionName): string => `<!-- end ${name} -->`;

/** Each section's text in a RESULTS.md, by name (absent: not found). */
export function readSections(text: string): Partial<Record<SectionName, string>> {
  const found: Partial<Record<SectionName, string>> = {};
  for (const name of ORDER) {
    const from = text.indexOf(begin(name));
    const to = text.indexOf(end(name));
    if (from >= 0 && to > from) found[name] = text.slice(from + begin(name).length + 1, to);
  }
  return found;
}

/**
 * Writes `lines` as section `name` of the RESULTS.md at `path`, keeping the other sections as they are (a missing
 * one gets its placeholder; the reproduce section is always the current text).
 */
export function writeSection(path: string, name: Exclude<SectionName, 'reproduce'>, lines: readonly string[]): void {
  const sections = existsSync(path) ? readSections(readFileSync(path, 'utf8')) : {};
  const text = ORDER.map((each) => {
    const body =
      each === name
        ? `${lines.join('\n')}\n`
        : each === 'reproduce'
          ? `${REPRODUCE.join('\n')}\n`
          : (sections[each] ?? `${PLACEHOLDERS[each].join('\n')}\n`);
    return `${begin(each)}\n${body}${end(each)}\n`;
  }).join('\n');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
