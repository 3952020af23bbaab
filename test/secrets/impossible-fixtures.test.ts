import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { MAX_EXCHANGE_DEPTH, type RecordedExchange } from '../../src/contract/exchange.js';
import { createReplaySource } from '../../src/testing/sources.js';
import { captureIo } from '../helpers/io.js';
import { tempDir } from '../helpers/temp-dir.js';

const RECORDING = JSON.parse(
  readFileSync(new URL('../../fixtures/recorded/001-vendor-example.json', import.meta.url), 'utf8'),
) as RecordedExchange;
const withStatus = (status: unknown) => ({ ...RECORDING, response: { ...RECORDING.response, status } });
/** `[[[...]]]`, `levels` deep, as text: JSON.parse reads it, any recursive walk of it would overflow the stack. */
const nested = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** A folder holding one recording file of this text. */
function folderWith(name: string, text: string): string {
  const dir = join(tempDir('fixtures-'), 'recorded');
  mkdirSync(dir);
  writeFileSync(join(dir, name), text);
  return dir;
}

/** Loads a folder of recordings with both commands that read them: serve --fixtures and contract --offline. */
async function loadWithBoth(dir: string): Promise<{ command: string; exitCode: number; err: string }[]> {
  const results = [];
  for (const command of [
    ['serve', '--port', '0', '--fixtures', dir],
    ['contract', '--offline', dir, '--report-dir', join(dir, '..', 'report')],
  ]) {
    const io = captureIo();
    const outcome = await runCli(command, io);
    await outcome.server?.app.close();
    results.push({ command: command[0] ?? '', exitCode: outcome.exitCode, err: io.err() });
  }
  return results;
}

t.test(
  'serve --fixtures and contract --offline refuse a recording whose status no HTTP answer can have: exit 2, naming file and status',
  async (t) => {
    for (const status of [1000, 600, -1, 99, 100, 150, 199, 1.5, '200', null]) {
      for (const { command, exitCode, err } of await loadWithBoth(folderWith('001-odd.json', JSON.stringify(withStatus(status))))) {
        t.equal(exitCode, 2, `${command} with status ${JSON.stringify(status)}`);
        t.match(
          err,
          `001-odd.json is not a recorded exchange: "response.status" must be the status of a final HTTP answer, 200 to 599: got ${JSON.stringify(status)}.`,
        );
      }
    }
    for (const status of [200, 599]) {
      const io = captureIo();
      const outcome = await runCli(
        ['serve', '--port', '0', '--fixtures', folderWith('001-ok.json', JSON.stringify(withStatus(status)))],
        io,
      );
      await outcome.server?.app.close();
      t.equal(outcome.exitCode, 0, `status ${status} loads: ${io.err()}`);
    }
  },
);

t.test('a recording nested far deeper than any answer is refused at load with exit 2, not a stack overflow', async (t) => {
  const text = JSON.stringify(RECORDING);
  const deep = {
    'a response member': text.replace('"data":', `"deep":${nested(200_000)},"data":`),
    'a request body': text.replace('"body":', `"body":${nested(200_000)},"was":`),
  };
  for (const [where, fixture] of Object.entries(deep)) {
    t.not(fixture, text, `${where}: the nesting is in the fixture`);
    for (const { command, exitCode, err } of await loadWithBoth(folderWith('001-deep.json', fixture))) {
      t.equal(exitCode, 2, `${command}, ${where}`);
      t.match(err, `001-deep.json is not a recorded exchange: it nests deeper than ${MAX_EXCHANGE_DEPTH} levels`);
      t.notMatch(err, /RangeError|internal error/);
    }
  }
  // The exchange, its response and the body are three levels: the array nested in the body adds the rest.
  const atLimit = JSON.parse(text.replace('"data":', `"deep":${nested(MAX_EXCHANGE_DEPTH - 3)},"data":`)) as RecordedExchange;
  await createReplaySource([atLimit]);
  t.pass(`a recording ${MAX_EXCHANGE_DEPTH} levels deep loads`);
  await t.rejects(
    createReplaySource([JSON.parse(text.replace('"data":', `"deep":${nested(MAX_EXCHANGE_DEPTH - 2)},"data":`)) as RecordedExchange]),
    { message: /^recordings\[0\] is not a recorded exchange: it nests deeper than 64 levels/ },
  );
});
