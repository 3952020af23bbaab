import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { REQUEST_MIX, walkOrder } from '../../bench/requests.js';
import type { BenchResults } from '../../bench/results.js';
import { readSections } from '../../bench/results-md.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(300_000);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The bench's processes are measured, not tested: keep them out of tap's coverage (it would map dist/ back to src/). */
const ENV = { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' };

t.test('each connection walks the whole mix, an invalid entry first and the rest spread evenly', async (t) => {
  const order = walkOrder();
  t.same(order.map((entry) => entry.name).sort(), REQUEST_MIX.map((entry) => entry.name).sort(), 'every entry once');
  t.same(
    order.flatMap((entry, index) => (entry.expectedStatus === 200 ? [] : [index])),
    [0, 10, 20, 30],
  );
});

// A smoke test, not a benchmark: it checks that `npm run bench` runs end to end in a tiny mode and writes results of
// the documented shape. It asserts no timing.
t.test('the bench runs in a tiny mode and writes results.json and its section of RESULTS.md', { timeout: 240_000 }, async (t) => {
  const out = tempDir('bench-smoke-');
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const args = [
    '--duration',
    '1',
    '--rounds',
    '1',
    '--warmup',
    '0',
    '--connections',
    '10',
    '--only',
    'fake,floor,limit',
    '--startup-runs',
    '1',
    '--skip-contract',
    '--out',
    out,
  ];
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: ROOT,
    env: ENV,
    encoding: 'utf8',
    timeout: 200_000,
  });
  t.equal(run.status, 0, `bench exits 0 (stderr: ${run.stderr.slice(-2_000)})`);
  t.ok(existsSync(join(out, 'results.json')), 'results.json written');
  t.ok(existsSync(join(out, 'RESULTS.md')), 'RESULTS.md written');

  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchResults;
  t.equal(results.schemaVersion, 1);
  t.match(results.machine, { cpuModel: String, cores: Number, node: /^v\d+/ });
  t.match(results.versions, { '@stoplight/prism-cli': /^\d+\./, autocannon: /^\d+\./, fastify: /^\d+\./ });
  t.same(results.config.servers, ['fake', 'floor', 'limit']);
  t.same(results.config.mix, { total: 40, valid: 36, invalid: 4 });
  t.ok(results.config.limitBodyBytes > 0, 'the limit answers with the fake mean body size');
  t.same(
    results.load.map((entry) => `${entry.server}@${entry.connections}`),
    ['fake@10', 'floor@10', 'limit@10'],
  );
  for (const entry of results.load) {
    t.equal(entry.rounds.length, 1, `${entry.server}: one round`);
    t.ok(entry.responses > 0, `${entry.server}: answered requests`);
    t.equal(entry.errors, 0, `${entry.server}: no connection errors`);
    t.match(entry.median, { requestsPerSec: Number, p50Ms: Number, p99Ms: Number, maxMs: Number });
  }
  const fake = results.load.find((entry) => entry.server === 'fake');
  t.ok(fake && fake.non2xx > 0, 'the invalid tenth of the mix gets non-2xx answers from the fake');
  t.same(
    results.ratios.map((ratio) => `${ratio.name}@${ratio.connections}`),
    ['fake / floor@10', 'fake / limit@10'],
  );
  t.same(Object.keys(results.startup), ['fake']);
  t.equal(results.startup.fake?.runsMs.length, 1);
  t.same(
    results.targets.map((target) => target.id),
    ['vs-prism-dynamic', 'vs-prism-static', 'vs-limit', 'p99', 'startup', 'rss', 'contract'],
  );
  t.equal(
    results.targets.find((target) => target.id === 'vs-prism-static')?.met,
    undefined,
    'targets needing Prism are "not measured" without it',
  );
  t.match(results.contract, { note: /skipped/ });
  t.same(
    results.servers.map((server) => server.answers.length),
    [40, 40, 40],
  );
  const [fakeAnswers, floorAnswers] = results.servers;
  t.same(floorAnswers?.answers, fakeAnswers?.answers, "the floor sends the fake's own answers, status and size");

  const markdown = readFileSync(join(out, 'RESULTS.md'), 'utf8');
  for (const heading of [
    '## Targets',
    '## Throughput and latency',
    '## Ratios',
    '## Start-up',
    '## Contract suite',
    '## Request mix',
    '## Soak',
    '## Hostile load',
    '## Reproduce',
  ]) {
    t.ok(markdown.includes(heading), `RESULTS.md has "${heading}"`);
  }
});

t.test('bench/helpers.ts runs one fresh process per checkout and writes its section of RESULTS.md', { timeout: 120_000 }, async (t) => {
  const out = tempDir('bench-helpers-');
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/helpers.ts', '--runs', '1', '--out', out], {
    cwd: ROOT,
    env: ENV,
    encoding: 'utf8',
    timeout: 100_000,
  });
  t.equal(run.status, 0, `exits 0 (stderr: ${run.stderr.slice(-2_000)})`);
  const section = readSections(readFileSync(join(out, 'RESULTS.md'), 'utf8')).helpers ?? '';
  t.match(section, /^## In-process helpers/);
  t.match(
    section,
    /\n\| `[0-9a-f]{12}` \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|\n/,
    'one row of figures for this checkout',
  );
  t.equal(run.stdout, section, 'and prints it');
});
