import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import t, { type Test } from 'tap';
import { runCli } from '../../src/cli/run-cli.js';

import { MARKDOWN_ITEMS_CAP, renderMarkdown } from '../../src/contract/report-md.js';
import { buildReport } from '../../src/contract/report.js';
import type { Finding } from '../../src/contract/findings.js';
import { VIOLATIONS_HEADER } from '../../src/record/proxy-source.js';
import {
  escapeCommandData,
  headerValue,
  logLine,
  logLines,
  markdownCode,
  markdownText,
  tapDescription,
  terminalText,
  yamlString,
} from '../../src/text-escape.js';
import { ENDPOINT } from '../helpers/fake.js';
import { captureIo } from '../helpers/io.js';
import { HOSTILE_NAMES, MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { parseTap } from '../helpers/tap-parse.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Raw control characters, separators and escapes no output may carry (a line feed only ends a line). */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const RAW = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/;

/** A log or stderr text: no raw control character, and no line a CI runner would read as a workflow command it did not mean. */
function checkLog(t: Test, text: string, what: string): void {
  t.notMatch(text, RAW, `${what}: no raw control characters`);
  for (const line of text.split('\n')) {
    if (/^\s*::/.test(line)) t.match(line, /^::(error|warning|notice) title=/, `${what}: only the kit's own workflow commands`);
  }
  t.notMatch(text, /^\s*::(add-mask|stop-commands)/m, `${what}: no injected workflow command`);
}

/** drift.md or the job summary: the hostile text is there, escaped, and renders as nothing but text. */
function checkMarkdown(t: Test, md: string, what: string): void {
  t.notMatch(md, RAW, `${what}: no raw control characters`);
  t.equal(md.split('\n').filter((line) => line.startsWith('# ')).length, 1, `${what}: one title, no injected heading`);
  const lines = md.split('\n');
  for (const line of lines) {
    const ticks = line.replace(/\\`/g, '').split('`').length - 1;
    if (ticks % 2 !== 0) t.fail(`${what}: a code span is broken on line ${JSON.stringify(line)}`);
  }
  // Outside code spans (shown as they are), nothing may read as markup.
  const markup = lines.map((line) => line.replace(/\\`/g, '').replace(/`[^`]*`/g, '')).join('\n');
  t.notMatch(markup, /<img/, `${what}: no raw HTML`);
  t.notMatch(markup, /(?<!\\)!(?<!\\)\[x/, `${what}: no image`);
  t.notMatch(markup, /(?<!\\)\[y(?<!\\)\]\(/, `${what}: no link`);
  t.notMatch(markup, /(?<!\\)https?:\/\/evil/, `${what}: no bare URL to link`);
  t.match(md, /备注/, `${what}: the member is still named`);
}

t.test('one escaping function per output kind: each keeps the text, and nothing of it acts', async (t) => {
  t.equal(terminalText('a\u001b[31mb\r\nc\u2028'), 'a\\u001b[31mb\\u000d\\u000ac\\u2028');
  t.equal(terminalText('\uD800 \uDC00 😀'), '\\ud800 \\udc00 😀', 'lone surrogates named, pairs kept');
  t.equal(logLine('::add-mask::x'), '\\u003a:add-mask::x');
  t.equal(logLine('  ::x'), '  \\u003a:x');
  t.equal(logLine('a\n::stop-commands::t'), 'a\\u000a::stop-commands::t', 'one line, so :: never starts one');
  const header = headerValue('$.备注 cr\r\nlf 100% \uD800');
  t.match(header, /^[\u0020-\u007E]*$/, 'ASCII only');
  t.equal(decodeURIComponent(header), '$.备注 cr\r\nlf 100% \uFFFD');
  t.equal(headerValue('备'.repeat(10), 20), '%E5%A4%87%E5%A4%87', 'cut without splitting an escape');
  t.equal(headerValue('abc', 2), 'ab');
  t.equal(tapDescription('a # b\r\nc\u2028d\u001b'), 'a b c d\\u001b');
  for (const text of HOSTILE_NAMES) {
    t.equal(JSON.parse(yamlString(text)), text, 'YAML scalar is JSON that reads back');
    t.notMatch(yamlString(text), RAW);
  }
  t.equal(yamlString('\u0085\u2028\u007f'), '"\\u0085\\u2028\\u007f"');
  t.equal(markdownCode('a`b\nc'), "`a'b\\u000ac`");
  t.equal(
    markdownText('# h <b> ![i](u) *e* _u_ | ~s~ & @ $m$ ^ {x} \\'),
    '\\# h \\<b\\> \\!\\[i\\](u) \\*e\\* \\_u\\_ \\| \\~s\\~ \\& \\@ \\$m\\$ \\^ \\{x\\} \\\\',
  );
  t.equal(markdownText('- item'), '\\- item');
  t.equal(markdownText('12. item'), '12\\. item');
  t.equal(markdownText('      code'), ' code', 'no indented code block');
  t.equal(markdownText(' - nested'), ' \\- nested');
  t.equal(markdownText('> quote'), '\\> quote');
  t.equal(markdownText('see https://evil.test, www.evil.test or mailto:a'), 'see https\\://evil.test, www\\.evil.test or mailto\\:a');
  t.equal(escapeCommandData('50%\r\n\u001b'), '50%25%0D%0A\\u001b');
});

t.test('drift.md renders any number of findings: each section capped, the rest counted by kind', async (t) => {
  const many = 200_000;
  const findings: Finding[] = Array.from({ length: many }, (_, index) => ({
    id: `undocumented-field:$.m${index}`,
    status: 'new',
    kind: index % 2 === 0 ? 'undocumented-field' : 'schema-type',
    severity: 'additive',
    path: `$.m${index}`,
    expected: 'e',
    observed: 'o',
    count: 1,
    case: 'baseline',
  }));
  const skipped = Array.from({ length: many }, (_, index) => ({ name: `case ${index}`, reason: `reason ${index}` }));
  const report = buildReport({
    mode: 'live',
    spec: { title: 'T', version: '1', path: 'spec/openapi.yaml', sha256: 'a'.repeat(64) },
    target: 'http://h.test',
    startedAt: new Date(0),
    durationMs: 1,
    requestsSent: 1,
    budget: 1,
    failOn: 'additive',
    findings,
    cases: [{ name: 'baseline', category: 'baseline', outcome: 'failed', requests: 1, findings: [] }],
    skipped,
    kinds: ['baseline'],
  });
  const md = renderMarkdown(report);
  t.equal(md.split('\n').filter((line) => line.startsWith('### ')).length, MARKDOWN_ITEMS_CAP, 'findings shown up to the cap');
  const left = many - MARKDOWN_ITEMS_CAP;
  t.match(
    md,
    new RegExp(
      `\\n${left} more finding\\(s\\) not shown here \\(every one is in drift\\.json\\), by kind:\\n\\n- undocumented-field: ${left / 2}\\n- schema-type: ${left / 2}\\n`,
    ),
  );
  t.match(md, new RegExp(`\\n- \\.\\.\\. and ${left} more, not shown here \\(see drift\\.json\\)\\n`));
  t.ok(md.length < 1_000_000, `${md.length} characters`);
});

t.test('hostile member names and values through the proxy: the answer passes, the header is ASCII, the log is data', async (t) => {
  const upstream = await startMutantServer('caller-token');
  t.teardown(() => upstream.close());
  upstream.use(MUTATIONS.hostileMembers);
  const io = captureIo();
  const proxied = await runCli(['serve', '--port', '0', '--proxy', upstream.baseUrl], io);
  t.teardown(() => proxied.server?.app.close());
  const answer = await fetch(`${proxied.server?.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer caller-token', 'content-type': 'application/json' },
    body: '{}',
  });
  t.equal(answer.status, 200, "the upstream's answer, not a framework 500");
  const body = (await answer.json()) as Record<string, unknown>;
  t.equal(body['备注'], '备注', 'passed on untouched');
  const header = answer.headers.get(VIOLATIONS_HEADER) ?? '';
  t.match(header, /^[\u0020-\u007E]+$/, 'the header is ASCII');
  const decoded = decodeURIComponent(header);
  for (const name of HOSTILE_NAMES) t.ok(decoded.includes(name), `the header names ${terminalText(name)}`);
  checkLog(t, io.err(), 'proxy stderr');
  t.match(io.err(), /^proxy: POST .* -> 200: \$\.备注 undocumented-field/m);
});

t.test(
  'hostile member names and values through contract, live and offline: TAP, drift.md, JUnit, summary and stderr stay data',
  async (t) => {
    const upstream = await startMutantServer();
    t.teardown(() => upstream.close());
    upstream.use(MUTATIONS.hostileMembers);
    const parser = new XMLParser({ ignoreAttributes: false });

    const check = async (t: Test, argv: readonly string[], dir: string): Promise<void> => {
      const summary = join(dir, 'summary.md');
      const junit = join(dir, 'junit.xml');
      const io = captureIo({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
      const outcome = await runCli([...argv, '--report-dir', dir, '--junit', junit], io);
      t.equal(outcome.exitCode, 1, 'exit 1: drift');
      const { results, extra, diags } = await parseTap(io.out());
      t.same(extra, [], 'tap-parser places every line');
      t.equal(results.count, results.plan.end, 'one plan, every test point counted');
      t.ok(results.fail > 0, 'the drift fails the stream');
      const paths = JSON.stringify(diags);
      HOSTILE_NAMES.forEach((name, index) => t.ok(paths.includes(JSON.stringify(name).slice(1, -1)), `the YAML reads back name ${index}`));
      t.notMatch(io.out(), RAW, 'TAP: no raw control characters');
      checkLog(t, io.err(), 'stderr');
      checkMarkdown(t, readFileSync(join(dir, 'drift.md'), 'utf8'), 'drift.md');
      checkMarkdown(t, readFileSync(summary, 'utf8'), 'job summary');
      const xml = readFileSync(junit, 'utf8');
      t.equal(XMLValidator.validate(xml), true, 'JUnit is valid XML');
      t.match(JSON.stringify(parser.parse(xml)), /备注/, 'JUnit names the member');
      t.match(JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')), { verdict: 'drift' });
    };

    const live = tempDir('hostile-live-');
    await check(t, ['contract', '--base-url', upstream.baseUrl, '--token', TOKEN, '--budget', '3'], live);

    const recordings = tempDir('hostile-offline-');
    mkdirSync(join(recordings, 'in'));
    const response = await fetch(`${upstream.baseUrl}${ENDPOINT}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    writeFileSync(
      join(recordings, 'in', '001-hostile.json'),
      JSON.stringify({
        request: { method: 'POST', path: ENDPOINT, body: {} },
        response: { status: response.status, headers: { 'content-type': 'application/json' }, body: await response.json() },
        recorded_at: '2026-04-15T00:00:00.000Z',
        target: upstream.baseUrl,
      }),
    );
    await check(t, ['contract', '--offline', join(recordings, 'in')], recordings);
  },
);

t.test('hostile member names through record: its progress and summary lines are data, the recording keeps the text', async (t) => {
  const upstream = await startMutantServer();
  t.teardown(() => upstream.close());
  upstream.use(MUTATIONS.hostileMembers);
  const out = tempDir('hostile-record-');
  const io = captureIo();
  const outcome = await runCli(['record', '--base-url', upstream.baseUrl, '--token', TOKEN, '--budget', '1', '--out', out], io);
  t.equal(outcome.exitCode, 1, 'the answer violates the spec');
  checkLog(t, `${io.progressLines().join('\n')}\n${io.out()}\n${io.err()}`, 'record output');
  t.match(io.progressLines()[0], /^record: 1\/4 001-.*\.json HTTP 200, \d+ spec violation\(s\), kept and marked$/);
  const [file] = readdirSync(out);
  const recorded = JSON.parse(readFileSync(join(out, file as string), 'utf8')) as { response: { body: Record<string, unknown> } };
  for (const name of HOSTILE_NAMES) t.equal(recorded.response.body[name], name, 'the recording keeps the text as it came');
});

t.test('a recording with a non-ASCII name and a retry-after holding CR/LF is replayed, its headers ASCII', async (t) => {
  const dir = tempDir('hostile-replay-');
  writeFileSync(
    join(dir, '备注.json'),
    JSON.stringify({
      request: { method: 'POST', path: ENDPOINT, body: {} },
      response: { status: 200, headers: { 'content-type': 'application/json', 'retry-after': '1\r\nx-injected: yes' }, body: { code: 0 } },
      recorded_at: '2026-04-15T00:00:00.000Z',
      target: 'https://openapi.fastmoss.com',
    }),
  );
  const replay = await runCli(['serve', '--port', '0', '--fixtures', dir], captureIo());
  t.teardown(() => replay.server?.app.close());
  const answer = await fetch(`${replay.server?.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
    body: '{}',
  });
  t.equal(answer.status, 200, 'the recorded answer, not a framework 500');
  t.equal(answer.headers.get('x-injected'), null, 'no header injected');
  t.equal(decodeURIComponent(answer.headers.get('retry-after') ?? ''), '1\r\nx-injected: yes');
  t.equal(decodeURIComponent(answer.headers.get('x-fake-source') ?? ''), 'recorded 备注.json');
});

t.test("an error message quoting the target stays data on stderr: a refused key's message with separators and commands", async (t) => {
  const upstream = await startMutantServer();
  t.teardown(() => upstream.close());
  upstream.use({
    name: 'refuses the key with a hostile message',
    onRequest: (_request, reply) =>
      reply.code(401).type('application/json').send({
        code: 30001,
        data: null,
        message: 'no\u2028::add-mask::hunter2\u009b31m\u001b[2J',
        timestamp: 1776186472,
        request_id: '9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2c4e82',
      }),
  });
  const io = captureIo();
  t.equal((await runCli(['contract', '--base-url', upstream.baseUrl, '--token', TOKEN, '--budget', '1'], io)).exitCode, 2);
  t.match(io.err(), /^fastmoss-kit: The target refused the API key .*no\\u2028::add-mask::hunter2\\u009b31m/);
  checkLog(t, io.err(), 'stderr');
  t.equal(logLines('a\n::b\r'), 'a\n\\u003a:b\\u000d', 'each line a log line');
});
