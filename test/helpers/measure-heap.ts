/**
 * Run by test/e2e/memory-estimates.test.ts in a process of its own, with --expose-gc: builds entries of each kind the
 * memory budget counts, at their largest, and prints, as JSON, the real heap cost of one (heapUsed + external after
 * full collections, divided by the entries made) next to its ENTRY_BYTES. Not a test itself.
 */
import { loadCategories } from '../../src/data/categories.js';
import type { Period } from '../../src/data/periods.js';
import { DEFAULT_DATA_MODES, isRich, type DataModes } from '../../src/data/data-modes.js';
import { universeInModes } from '../../src/data/data-store.js';
import { itemFacts } from '../../src/openapi/item-facts.js';
import { resolvePeriod } from '../../src/data/periods.js';
import { pageOf } from '../../src/data/ranking-pages.js';
import { PAGES_PER_RANKING, rankingSize, rankingSteps, runSteps, type PeriodRanking } from '../../src/data/rankings.js';
import { createUniverse, type Universe } from '../../src/data/universe.js';
import type { Region } from '../../src/generated/types.js';
import { resolveSpec } from '../../src/openapi/describe.js';
import { createRequestValidator } from '../../src/openapi/request-validator.js';
import { ENTRY_BYTES } from '../../src/server/memory-budget.js';
import { createRememberedBodies, LONGEST_REMEMBERED } from '../../src/server/remembered-bodies.js';
import { createQuota, createRateLimiter } from '../../src/server/scenarios/rate-limit.js';
import { TOKEN_KEY_CHARS } from '../../src/server/scenarios/rate-limit.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('Run with --expose-gc.');
const heap = (): number => {
  for (let i = 0; i < 3; i++) gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};
const keep: unknown[] = [];
/** The heap one of `count` things costs, kept alive. */
const measureEach = (count: number, make: () => unknown): number => {
  const before = heap();
  keep.push(make());
  return (heap() - before) / count;
};

const catalogue = loadCategories();
const NOW = new Date('2026-11-25T00:00:00Z');
const results: Record<string, { measured: number; estimated: number }> = {};

results['universe (every region made)'] = {
  measured: measureEach(1, () => createUniverse(901, catalogue).creators),
  estimated: ENTRY_BYTES.universe,
};

/** The JSON bytes the serializer keeps beside each item. */
const itemBytes = new WeakMap<object, Buffer>();
const jsonBytes = (item: object): Buffer => {
  const text = JSON.stringify(item);
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  itemBytes.set(item, bytes);
  return bytes;
};
const build = (universe: Universe, period: Period, region: Region | undefined): PeriodRanking =>
  runSteps(rankingSteps(universe, period, region, () => undefined));
/** A ranking with everything it can hold: both orders' full page caches (of 100 items each), every item's JSON bytes. */
const fullRanking = (ranking: PeriodRanking): PeriodRanking => {
  for (const order of [ranking.desc, ranking.asc]) {
    for (let p = 0; p < PAGES_PER_RANKING; p++) pageOf(order, { follower_count_range: { min: p } }, 0, 100);
    for (const row of order) jsonBytes(row.item);
  }
  return ranking;
};
// Small rankings are measured by the dozen: one alone is within the collector's noise.
const cases: [string, 'month' | 'day', string[], Region | undefined, DataModes?][] = [
  ['every-region month ranking', 'month', ['2026-03'], undefined],
  // The fake's default shows optional fields on some items; edge data gives creators views of their own and long names.
  ['every-region month ranking, optional=mixed', 'month', ['2026-03'], undefined, DEFAULT_DATA_MODES],
  ['every-region month ranking, optional=all', 'month', ['2026-03'], undefined, { optional: 'all', data: 'typical' }],
  ['every-region month ranking, optional=all data=edge', 'month', ['2026-03'], undefined, { optional: 'all', data: 'edge' }],
  ['US day rankings (5 days)', 'day', ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'], 'US'],
  ['SG day rankings (20 days)', 'day', Array.from({ length: 20 }, (_, i) => `2026-04-${String(i + 1).padStart(2, '0')}`), 'SG'],
];
const facts = itemFacts(resolveSpec());
for (const [index, [name, type, values, region, modes]] of cases.entries()) {
  // The seed's creators made first: a ranking's cost is its rows, items, creators' views, pages and bytes.
  const made = createUniverse(902 + index, catalogue);
  keep.push(made.creators);
  const universe = modes === undefined ? made : universeInModes(made, modes, facts);
  let rows = 0;
  const before = heap();
  keep.push(
    values.map((value) => {
      const ranking = fullRanking(build(universe, resolvePeriod({ type, value }, NOW), region));
      rows += rankingSize(ranking);
      return ranking;
    }),
  );
  const estimated = modes !== undefined && isRich(modes) ? ENTRY_BYTES.richRankingRow : ENTRY_BYTES.rankingRow;
  results[`${name}, per row`] = { measured: (heap() - before) / rows, estimated };
}

// Pages of 100 items whose ranking is gone: the joined bytes and the items they keep alive, with the items' own bytes.
const pageUniverse = createUniverse(905, catalogue);
keep.push(pageUniverse.creators);
results['answered page of 100 items, its ranking gone'] = {
  measured: measureEach(48, () => {
    const { desc } = build(pageUniverse, resolvePeriod({ type: 'month', value: '2026-05' }, NOW), undefined);
    return Array.from({ length: 48 }, (_, p) => {
      const list = desc.slice(p * 100, p * 100 + 100).map((row) => row.item);
      const joined = Buffer.concat(list.flatMap((item, i) => (i > 0 ? [Buffer.from(','), jsonBytes(item)] : [jsonBytes(item)])));
      return { list: Object.freeze(list), joined: Buffer.from(joined) };
    });
  }),
  estimated: ENTRY_BYTES.page,
};

const TOKENS = 20_000;
const token = (prefix: string, i: number): string => `${prefix}-${String(i).padStart(TOKEN_KEY_CHARS - prefix.length - 1, '0')}`;
const limiter = createRateLimiter(5, () => 1, TOKENS);
results[`rate-limit table, tokens of ${TOKEN_KEY_CHARS} characters`] = {
  measured: measureEach(TOKENS, () => {
    for (let i = 0; i < TOKENS; i++) limiter.take(token('rate', i));
  }),
  estimated: ENTRY_BYTES.token,
};
const quota = createQuota(5, () => 1, TOKENS);
results[`quota table, tokens of ${TOKEN_KEY_CHARS} characters`] = {
  measured: measureEach(TOKENS, () => {
    for (let i = 0; i < TOKENS; i++) quota.record(token('quota', i));
  }),
  estimated: ENTRY_BYTES.token,
};

// Bodies at the longest remembered, of the shapes that hold the most per character.
const BODIES = 500;
const validate = createRequestValidator(resolveSpec());
const bodies = createRememberedBodies(16, validate, 4 * BODIES);
const fill = (unit: string, around: (inner: string, i: number) => string): string[] =>
  Array.from({ length: BODIES }, (_, i) => {
    const shell = around('', i).length;
    const inner = Array.from({ length: Math.floor((LONGEST_REMEMBERED - shell + 1) / (unit.length + 1)) }, () => unit).join(',');
    return around(inner, i);
  });
const shapes: [string, string[]][] = [
  ['empty objects', fill('{}', (inner, i) => `[${inner},${String(i).padStart(3, '0')}]`)],
  ['empty arrays', fill('[]', (inner, i) => `[${inner},${String(i).padStart(3, '0')}]`)],
  ['one-digit numbers', fill('0', (inner, i) => `[${inner},${String(i).padStart(3, '0')}]`)],
  ['one-letter strings', fill('"a"', (inner, i) => `[${inner},${String(i).padStart(3, '0')}]`)],
];
const bodyCosts = shapes.map(([shape, texts]) => {
  if (texts.some((text) => text.length > LONGEST_REMEMBERED)) throw new Error(`a ${shape} body is longer than remembered`);
  const measured = measureEach(BODIES, () => {
    for (const text of texts) {
      const parsed = bodies.parse(text);
      if (parsed.ok) bodies.validate(parsed.value);
    }
  });
  return { shape, measured };
});
if (bodies.usage().entries !== shapes.length * BODIES) throw new Error('not every body was remembered');
// The costliest shape is the worst case the constant must cover.
const costliest = bodyCosts.reduce((most, each) => (each.measured > most.measured ? each : most));
results[`remembered body of ${LONGEST_REMEMBERED} characters (${costliest.shape}, the costliest shape)`] = {
  measured: costliest.measured,
  estimated: ENTRY_BYTES.body,
};

process.stdout.write(JSON.stringify(results));
