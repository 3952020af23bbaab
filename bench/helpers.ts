/**
 * The in-process helpers as a test file uses them, each run in a fresh process from the built package (dist/, as users
 * run it): import the entry, `startFakeServer()`, the first answer to the vendor's example request over fetch, then
 * `close()` with fetch's kept-alive connection still open. Median of `--runs` (default 5) per checkout, alternating
 * the checkouts so drift hits all alike. Writes the `helpers` section of RESULTS.md in bench/ (or --out DIR).
 *
 *   npx tsx bench/helpers.ts [--runs 5] [--before /path/to/old/checkout] [--out DIR]
 *
 * Each checkout needs its dist/ built (this one is built when stale) and a node_modules.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './build.js';
import { describeGit, describeMachine } from './machine.js';
import { ENDPOINT_PATH, PROBE_BODY, REQUEST_HEADERS } from './requests.js';
import { writeSection } from './results-md.js';
import { median, round } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What one fresh process measured, in milliseconds (performance.now(): from the process's start). */
export interface HelperRun {
  /** Node's own start-up, up to the first line of the script. */
  readonly bootMs: number;
  readonly importMs: number;
  readonly startMs: number;
  readonly firstAnswerMs: number;
  /** import + startFakeServer + first answer. */
  readonly totalMs: number;
  /** The process's CPU time (user + system) over the same span: less swayed than wall time by a busy machine. */
  readonly totalCpuMs: number;
  readonly closeMs: number;
  readonly status: number;
}

/** The script each fresh process runs (an ES module given on the command line): its one line of output is a HelperRun. */
const SCRIPT = `
const bootMs = performance.now();
const bootCpu = process.cpuUsage();
const kit = await import(process.argv[1]);
const imported = performance.now();
const fake = await kit.startFakeServer();
const started = performance.now();
const answer = await fetch(fake.url + ${JSON.stringify(ENDPOINT_PATH)}, { method: 'POST', headers: ${JSON.stringify(REQUEST_HEADERS)}, body: ${JSON.stringify(PROBE_BODY)} });
await answer.arrayBuffer();
const answered = performance.now();
const cpu = process.cpuUsage(bootCpu);
await fake.close();
const closed = performance.now();
process.stdout.write(JSON.stringify({ bootMs, importMs: imported - bootMs, startMs: started - imported, firstAnswerMs: answered - started, totalMs: answered - bootMs, totalCpuMs: (cpu.user + cpu.system) / 1000, closeMs: closed - answered, status: answer.status }));
`;

/** One fresh process on a checkout's dist/; extra node flags (e.g. --cpu-prof) go before the script. */
export function runOnce(root: string, nodeFlags: readonly string[] = []): HelperRun {
  const entry = pathToFileURL(join(root, 'dist/index.js')).href;
  const output = execFileSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', SCRIPT, entry], {
    cwd: root,
    encoding: 'utf8',
  });
  const run = JSON.parse(output) as HelperRun;
  if (run.status !== 200) throw new Error(`The fake of ${root} answered HTTP ${run.status} to the vendor's example request, expected 200.`);
  return run;
}

const FIGURES = ['importMs', 'startMs', 'firstAnswerMs', 'totalMs', 'totalCpuMs', 'closeMs', 'bootMs'] as const;
type Figure = (typeof FIGURES)[number];

export interface HelperSummary {
  readonly root: string;
  readonly commit: string;
  readonly runs: readonly HelperRun[];
  readonly median: Record<Figure, number>;
}

export function measureHelpers(roots: readonly string[], runs: number, log: (line: string) => void): HelperSummary[] {
  const seen = new Map<string, HelperRun[]>(roots.map((root) => [root, []]));
  for (let run = 0; run < runs; run++) {
    for (const root of run % 2 === 0 ? roots : [...roots].reverse()) {
      const result = runOnce(root);
      seen.get(root)?.push(result);
      log(`  ${root}: import + start + first answer ${result.totalMs.toFixed(0)} ms, close ${result.closeMs.toFixed(1)} ms`);
    }
  }
  return roots.map((root) => {
    const list = seen.get(root) ?? [];
    const medians = Object.fromEntries(FIGURES.map((figure) => [figure, round(median(list.map((each) => each[figure])), 1)])) as Record<
      Figure,
      number
    >;
    return { root, commit: describeGit(root)?.commit.slice(0, 12) ?? basename(root), runs: list, median: medians };
  });
}

export function renderHelpers(summaries: readonly HelperSummary[], runs: number, when: Date, load: readonly number[]): string[] {
  const machine = describeMachine(load);
  const lines = [
    '## In-process helpers (`npx tsx bench/helpers.ts`, issue 22)',
    '',
    `${when.toISOString()}; ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(' / ')}. ` +
      `Each run is a fresh \`node\` process on the built package (dist/, as users run it): \`await import(dist/index.js)\`, ` +
      "`startFakeServer()`, the first answer to the vendor's example request over fetch, then `close()` with fetch's kept-alive " +
      `connection open. Medians of ${runs} runs per checkout, alternating; times from the script's first line (Node's own start-up apart), and the process's CPU time (user + system) over the same span, which a busy machine sways less than wall time.`,
    '',
    '| checkout | import ms | startFakeServer ms | first answer ms | import + start + first answer ms | the same, CPU ms | close() ms | Node start-up ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const summary of summaries) {
    const m = summary.median;
    lines.push(
      `| \`${summary.commit}\` | ${m.importMs} | ${m.startMs} | ${m.firstAnswerMs} | ${m.totalMs} | ${m.totalCpuMs} | ${m.closeMs} | ${m.bootMs} |`,
    );
  }
  lines.push(
    '',
    `Runs (import + start + first answer, ms): ${summaries.map((s) => `\`${s.commit}\` ${s.runs.map((r) => round(r.totalMs, 0)).join(', ')}`).join('; ')}.`,
    '',
  );
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, before: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1: got "${values.runs}".`);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  ensureBuilt(ROOT, log);
  const load = loadavg();
  const when = new Date();
  const roots = [...(values.before === undefined ? [] : [resolve(values.before)]), ROOT.replace(/\/$/, '')];
  const lines = renderHelpers(measureHelpers(roots, runs, log), runs, when, load);
  process.stdout.write(`${lines.join('\n')}\n`);
  writeSection(join(resolve(values.out ?? join(ROOT, 'bench')), 'RESULTS.md'), 'helpers', lines);
}
