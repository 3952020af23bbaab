/**
 * `npm run weight`: what a maintainer reads. Lines and files of src/ (the generated types left out), the same
 * lines without blank and comment-only ones, and README's lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join('src', 'generated') ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

const linesOf = (path: string): string[] => readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
const isCode = (line: string): boolean => !/^\s*($|\/\/|\/\*|\*)/.test(line);

const files = sources('src');
const lines = files.flatMap(linesOf);
const rows: [string, number][] = [
  ['src/ files (without src/generated)', files.length],
  ['src/ lines', lines.length],
  ['src/ lines of code (no blank or comment-only line)', lines.filter(isCode).length],
  ['README.md lines', linesOf('README.md').length],
];
for (const [what, count] of rows) console.log(`${what}: ${count}`);
