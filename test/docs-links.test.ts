import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import t from 'tap';

/** The pages a newcomer follows: README and every page of docs/. */
const PAGES = [
  'README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
];

/** The markdown with fenced code blocks and inline code spans blanked: a `[x](y)` or `# x` inside them is no link or heading. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, (code) => (code.includes('](') ? '' : code));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a page's headings; a repeated heading gets -1, -2, ... as on GitHub. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = slug(text ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${String(count)}`);
  }
  return result;
}

/** Every relative link target of a page: `[text](target)`, external URLs and mail addresses left out. */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1] as string)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** What is wrong with each relative link of `page` (read from `markdown`), or nothing. */
function brokenLinks(page: string, markdown: string, read: (path: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const target of relativeLinks(markdown)) {
    const [path = '', anchor] = target.split('#', 2);
    const file = path === '' ? page : normalize(join(dirname(page), decodeURIComponent(path)));
    const text = read(file);
    if (text === undefined) {
      problems.push(`${page}: ${target}: ${file} does not exist`);
      continue;
    }
    if (anchor !== undefined && file.endsWith('.md') && !anchors(text).has(decodeURIComponent(anchor))) {
      problems.push(`${page}: ${target}: ${file} has no heading with the anchor #${anchor}`);
    }
  }
  return problems;
}

/** A file's text; '' for a directory (it exists, has no anchors); undefined when nothing is there. */
function readPath(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  return statSync(path).isDirectory() ? '' : readFileSync(path, 'utf8');
}

t.test('every relative link of README and docs/ points at a file that exists, and at a heading that exists', async (t) => {
  t.ok(PAGES.length > 5, 'README and the docs/ pages');
  for (const page of PAGES) t.same(brokenLinks(page, readFileSync(page, 'utf8'), readPath), [], page);
});

t.test('every page of docs/ is linked from README', async (t) => {
  const readme = relativeLinks(readFileSync('README.md', 'utf8')).map((target) => target.split('#')[0]);
  for (const page of PAGES.filter((each) => each !== 'README.md')) t.ok(readme.includes(page), page);
});

t.test('the checker finds what is broken, as GitHub renders it', async (t) => {
  const pages: Record<string, string> = {
    'docs/a.md': [
      '# A page',
      '## `serve` options: the *flags*',
      '## Limits',
      '## Limits',
      '```sh',
      '# not a heading',
      'see [x](missing.md)',
      '```',
      'Inline `[y](nowhere.md)` is code.',
      '[ok](#serve-options-the-flags) [ok](#limits-1) [ok](b.md#über-straße) [ok](../README.md) [ok](https://example.com/x.md)',
      '[bad](#not-a-heading) [bad](#limits-2) [bad](b.md#nothing) [bad](c.md) [ok](#a-page "title") [ok](b.md "title")',
    ].join('\n'),
    'docs/b.md': '# Über Straße!',
    'README.md': '',
  };
  t.same(
    brokenLinks('docs/a.md', pages['docs/a.md'] as string, (path) => pages[path]),
    [
      'docs/a.md: #not-a-heading: docs/a.md has no heading with the anchor #not-a-heading',
      'docs/a.md: #limits-2: docs/a.md has no heading with the anchor #limits-2',
      'docs/a.md: b.md#nothing: docs/b.md has no heading with the anchor #nothing',
      'docs/a.md: c.md: docs/c.md does not exist',
    ],
  );
});

t.test('the package ships README, docs/ and every file they link to, so the links work in node_modules too', async (t) => {
  const { files } = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
  const shipped = (path: string): boolean => path === 'README.md' || files.some((entry) => path === entry || path.startsWith(`${entry}/`));
  for (const page of PAGES) {
    t.ok(shipped(page), `${page} is shipped`);
    for (const target of relativeLinks(readFileSync(page, 'utf8'))) {
      const path = target.split('#')[0] ?? '';
      const file = path === '' ? page : normalize(join(dirname(page), decodeURIComponent(path))).replace(/\/$/, '');
      t.ok(shipped(file), `${page} links to ${file}, which is shipped`);
    }
  }
});
