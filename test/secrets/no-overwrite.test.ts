import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { writeRunState } from '../../src/contract/run-state.js';
import { compareRecordingNames } from '../../src/contract/offline.js';
import type { RecordedExchange } from '../../src/contract/exchange.js';
import { createScrub } from '../../src/contract/scrub.js';
import { createFile, replaceFile } from '../../src/contract/write-file.js';
import { recordExchanges } from '../../src/record/record-exchanges.js';
import { fileNameFor, openRecordingFolder } from '../../src/record/recording-folder.js';
import { captureIo } from '../helpers/io.js';
import { wholeRecordings } from '../helpers/recordings.js';
import { startMutantServer } from '../helpers/mutant-server.js';
import { api } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

const ENDPOINT = '/creator/v1/rank/topPotential';
const RECORDED = new URL('../../fixtures/recorded', import.meta.url).pathname;
const RECORDING = JSON.parse(readFileSync(join(RECORDED, '001-vendor-example.json'), 'utf8')) as RecordedExchange;
/** A recording of the plain request `{}`: its file is named `NNN-default.json`. */
const EXCHANGE: RecordedExchange = { ...RECORDING, request: { ...RECORDING.request, body: {} } };

/** A file outside the folder under test, and a symlink to it at `link`: the file must never change. */
function outsideTarget(link: string): { readonly unchanged: () => boolean } {
  const target = join(tempDir('outside-'), 'precious.txt');
  writeFileSync(target, 'precious');
  symlinkSync(target, link);
  return { unchanged: () => readFileSync(target, 'utf8') === 'precious' };
}

t.test('a recording folder continues the numbering after the highest number in it, and never replaces a file', async (t) => {
  const dir = tempDir('folder-');
  writeFileSync(join(dir, '001-us.json'), 'earlier session');
  writeFileSync(join(dir, '007-gb.json'), 'earlier session');
  writeFileSync(join(dir, '1234567890-x.json'), 'ten digits: no number of ours');
  writeFileSync(join(dir, 'notes.txt'), '');
  const folder = await openRecordingFolder(dir);
  t.equal(await folder.save(EXCHANGE, [], [], true), '008-default.json');
  t.equal(await folder.save(EXCHANGE, [], [], false), '009-invalid.json');
  t.equal(readFileSync(join(dir, '001-us.json'), 'utf8'), 'earlier session');
  t.equal(readFileSync(join(dir, '007-gb.json'), 'utf8'), 'earlier session');

  const empty = tempDir('folder-');
  const racing = await openRecordingFolder(join(empty, 'new'));
  writeFileSync(join(empty, 'new', '001-default.json'), 'written meanwhile by another session');
  const link = outsideTarget(join(empty, 'new', '002-default.json'));
  t.equal(await racing.save(EXCHANGE, [], [], true), '003-default.json', 'names taken meanwhile are skipped');
  t.equal(readFileSync(join(empty, 'new', '001-default.json'), 'utf8'), 'written meanwhile by another session');
  t.ok(link.unchanged(), 'a symlink in the way is not written through');
  t.ok(lstatSync(join(empty, 'new', '002-default.json')).isSymbolicLink());

  writeFileSync(join(empty, 'a-file'), '');
  await t.rejects(openRecordingFolder(join(empty, 'a-file')), { code: 'EEXIST' });
  const gone = await openRecordingFolder(join(empty, 'gone'));
  writeFileSync(join(empty, 'gone-file'), '');
  await t.rejects(openRecordingFolder(join(empty, 'gone-file', 'x')), { code: 'ENOTDIR' });
  rmSync(join(empty, 'gone'), { recursive: true });
  await t.rejects(gone.save(EXCHANGE, [], [], true), { code: 'ENOENT' }, 'an error other than a taken name is passed on');
});

t.test('file names: a long slug is cut, numbers past 999 sort after 999', async (t) => {
  t.equal(fileNameFor(0, { filter: { region: 'x'.repeat(10_000) } }), `001-${'x'.repeat(80)}.json`);
  t.equal(fileNameFor(999, {}), '1000-default.json');
  t.same(['1000-a.json', 'notes.json', '999-b.json', '002-d.json', '002-c.json', 'a.json'].sort(compareRecordingNames), [
    'a.json',
    'notes.json',
    '002-c.json',
    '002-d.json',
    '999-b.json',
    '1000-a.json',
  ]);
  t.ok(compareRecordingNames('002-c.json', '002-d.json') < 0 && compareRecordingNames('002-d.json', '002-c.json') > 0);
});

t.test('record --out and serve --proxy --record twice into one folder: the second session adds, the first is kept', async (t) => {
  const upstream = await startMutantServer('caller-token');
  t.teardown(() => upstream.close());
  const dir = tempDir('sessions-');
  const body = { filter: { region: 'US' } };
  const session = () =>
    recordExchanges(api, {
      baseUrl: upstream.baseUrl,
      token: 'caller-token',
      requests: [body],
      outDir: dir,
      budget: 1,
      paceMs: 0,
      timeoutS: 30,
    });
  t.same(
    (await session()).files.map((f) => f.file),
    ['001-us.json'],
  );
  const first = readFileSync(join(dir, '001-us.json'), 'utf8');
  t.same(
    (await session()).files.map((f) => f.file),
    ['002-us.json'],
  );
  t.equal(readFileSync(join(dir, '001-us.json'), 'utf8'), first);

  for (const expected of ['003-us.json', '004-us.json']) {
    const io = captureIo();
    const proxied = await runCli(['serve', '--port', '0', '--proxy', upstream.baseUrl, '--record', dir], io);
    t.equal(proxied.exitCode, 0, io.err());
    const answer = await fetch(`${proxied.server?.url}${ENDPOINT}`, {
      method: 'POST',
      headers: { authorization: 'Bearer caller-token', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await answer.text();
    await proxied.server?.app.close();
    t.ok((await wholeRecordings(dir, Number(expected.slice(0, 3)))).includes(expected), `the proxy session wrote ${expected}`);
  }
  t.same(readdirSync(dir).sort(), ['001-us.json', '002-us.json', '003-us.json', '004-us.json']);
  t.equal(readFileSync(join(dir, '001-us.json'), 'utf8'), first, 'the first recording is untouched');

  const file = join(tempDir('sessions-'), 'a-file');
  writeFileSync(file, '');
  await t.rejects(
    recordExchanges(api, {
      baseUrl: upstream.baseUrl,
      token: 'caller-token',
      requests: [body],
      outDir: file,
      budget: 1,
      paceMs: 0,
      timeoutS: 30,
    }),
    { name: 'ContractSetupError', message: /^Failed to open .*a-file for recordings: .*\. Pass --out a directory you can write to\.$/ },
  );
});

t.test('createFile and replaceFile never write through a symlink', async (t) => {
  const dir = tempDir('writes-');
  const existing = join(dir, 'existing.txt');
  writeFileSync(existing, 'kept');
  await t.rejects(createFile(existing, 'new'), { code: 'EEXIST' });
  t.equal(readFileSync(existing, 'utf8'), 'kept');
  const dangling = join(dir, 'dangling');
  symlinkSync(join(dir, 'would-be-created'), dangling);
  await t.rejects(createFile(dangling, 'new'), { code: 'EEXIST' }, 'a dangling symlink is not followed either');
  t.notOk(readdirSync(dir).includes('would-be-created'));

  const link = join(dir, 'link.txt');
  const target = outsideTarget(link);
  await replaceFile(link, 'fresh');
  t.ok(target.unchanged(), 'the file the symlink pointed at is untouched');
  t.notOk(lstatSync(link).isSymbolicLink(), 'the symlink itself was replaced by the new file');
  t.equal(readFileSync(link, 'utf8'), 'fresh');
  mkdirSync(join(dir, 'a-dir', 'inside'), { recursive: true });
  await t.rejects(replaceFile(join(dir, 'a-dir'), 'x'));
  t.same(readdirSync(dir).sort(), ['a-dir', 'dangling', 'existing.txt', 'link.txt'], 'no temporary file left behind');
});

t.test('contract --report-dir, --junit, --write-baseline and --state replace a symlink, never write through it', async (t) => {
  const dir = tempDir('links-');
  const reportDir = join(dir, 'report');
  mkdirSync(reportDir);
  const links = ['report/drift.json', 'report/drift.md', 'junit.xml', 'baseline.json'].map((name) => {
    const path = join(dir, name);
    return { path, target: outsideTarget(path) };
  });
  const io = captureIo();
  const outcome = await runCli(
    [
      'contract',
      '--offline',
      RECORDED,
      '--report-dir',
      reportDir,
      '--junit',
      join(dir, 'junit.xml'),
      '--write-baseline',
      join(dir, 'baseline.json'),
    ],
    io,
  );
  t.ok(outcome.exitCode === 0 || outcome.exitCode === 1, `the run judged the recordings: ${io.err()}`);
  for (const { path, target } of links) {
    t.ok(target.unchanged(), `${path}: the file outside is untouched`);
    t.notOk(lstatSync(path).isSymbolicLink(), `${path}: written as a file of its own`);
    t.not(readFileSync(path, 'utf8'), 'precious');
  }

  const state = join(dir, 'state.json');
  const stateTarget = outsideTarget(state);
  await writeRunState(state, { version: 1, targets: {} }, createScrub([]));
  t.ok(stateTarget.unchanged(), '--state: the file outside is untouched');
  t.match(readFileSync(state, 'utf8'), /"version": 1/);
});
