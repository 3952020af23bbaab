import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { readSections, writeSection } from '../../bench/results-md.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(30_000);

t.test('each script replaces its own section of RESULTS.md and keeps the others', async (t) => {
  const path = join(tempDir('results-md-'), 'nested', 'RESULTS.md');
  writeSection(path, 'soak', ['## Soak', '', 'soak figures']);
  const first = readSections(readFileSync(path, 'utf8'));
  t.same(Object.keys(first), ['bench', 'compare', 'helpers', 'soak', 'hostile', 'reproduce'], 'every section, in order');
  t.match(first.helpers, /No run recorded yet/);
  t.match(first.compare, /No comparison recorded yet/);
  t.match(first.bench, /No bench run recorded yet/);
  t.equal(first.soak, '## Soak\n\nsoak figures\n');
  t.match(first.hostile, /No hostile run recorded yet/);
  t.match(first.reproduce, /## Reproduce/);

  writeSection(path, 'bench', ['# Benchmark results', '', 'bench figures']);
  writeSection(path, 'hostile', ['## Hostile', '', 'hostile figures']);
  const text = readFileSync(path, 'utf8');
  const after = readSections(text);
  t.equal(after.bench, '# Benchmark results\n\nbench figures\n');
  t.equal(after.soak, first.soak, 'the soak section is kept by the other scripts');
  t.equal(after.hostile, '## Hostile\n\nhostile figures\n');
  t.ok(text.indexOf('bench figures') < text.indexOf('soak figures') && text.indexOf('soak figures') < text.indexOf('hostile figures'));
});

t.test('a file without the markers (or with one broken) gets placeholders for what is missing', async (t) => {
  const path = join(tempDir('results-md-'), 'RESULTS.md');
  writeFileSync(path, '# hand-written\n<!-- end soak -->\n');
  t.same(readSections(readFileSync(path, 'utf8')), {});
  writeSection(path, 'hostile', ['## Hostile']);
  const written = readFileSync(path, 'utf8');
  const sections = readSections(written);
  t.match(sections.soak, /No soak recorded yet/);
  t.notMatch(written, /hand-written/, 'what was outside the sections is not kept');
  writeFileSync(path, written.replace(sections.reproduce ?? '', 'an old text\n'));
  t.equal(readSections(readFileSync(path, 'utf8')).reproduce, 'an old text\n');
  writeSection(path, 'hostile', ['## Hostile']);
  t.equal(readSections(readFileSync(path, 'utf8')).reproduce, sections.reproduce, 'the reproduce section is always the current text');
});
