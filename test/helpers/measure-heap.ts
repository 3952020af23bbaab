/**
 * Run by test/e2e/memory-estimates.test.ts in a process of its own, with --expose-gc: builds what each size
 * estimate describes and prints, as JSON, the real heap cost (heapUsed + external after full collections) next to the
 * estimate. Not a test itself.
 */
import { loadCategories } from '../../src/data/categories.js';
import { createDataStore } from '../../src/data/data-store.js';
import { DEFAULT_DATA_MODES, type DataModes } from '../../src/data/data-modes.js';
import { resolvePeriod } from '../../src/data/periods.js';
import { pageOf } from '../../src/data/ranking-pages.js';
import { PAGES_PER_RANKING, rankingBytes, type PeriodRanking } from '../../src/data/rankings.js';
import { createUniverse, universeBytes } from '../../src/data/universe.js';
import { createRememberedBodies } from '../../src/server/remembered-bodies.js';
import { createQuota, createRateLimiter } from '../../src/server/scenarios/rate-limit.js';
import { TOKEN_ENTRY_BYTES } from '../../src/server/scenarios/token-table.js';
import { resolveSpec } from '../../src/openapi/describe.js';
import { itemFacts } from '../../src/openapi/item-facts.js';
import { shownRankingBytes } from '../../src/data/row-modes.js';
import { createRequestValidator } from '../../src/openapi/request-validator.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('Run with --expose-gc.');
const heap = (): number => {
  for (let i = 0; i < 3; i++) gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};
const keep: unknown[] = [];
const measure = (make: () => unknown): number => {
  const before = heap();
  keep.push(make());
  return heap() - before;
};

const catalogue = loadCategories();
// The spec's item facts, as the fake has them before any ranking is made (loading the spec is not a ranking's cost).
const facts = itemFacts(resolveSpec());
const NOW = new Date('2026-11-25T00:00:00Z');
const results: Record<string, { measured: number; estimated: number }> = {};

results['universe (every region made)'] = { measured: measure(() => createUniverse(901, catalogue).creators), estimated: universeBytes() };

/** A ranking with everything the estimate counts: both orders' full page caches, every item's JSON bytes. */
const fullRanking = (ranking: PeriodRanking): PeriodRanking => {
  const itemBytes = new WeakMap<object, Buffer>();
  for (const order of [ranking.desc, ranking.asc]) {
    for (let p = 0; p < PAGES_PER_RANKING; p++) pageOf(order, { follower_count_range: { min: p } }, 0, 100);
    for (const row of order) {
      const text = JSON.stringify(row.item);
      const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
      bytes.write(text);
      itemBytes.set(row.item, bytes);
    }
  }
  keep.push(itemBytes);
  return ranking;
};
// Small rankings are measured by the dozen: one alone is within the collector's noise.
const cases: [string, 'month' | 'day', string[], 'US' | 'SG' | undefined, DataModes?][] = [
  ['every-region month ranking', 'month', ['2026-03'], undefined],
  // The fake's default shows optional fields on some items; edge data gives creators views of their own and long names.
  ['every-region month ranking, optional=mixed', 'month', ['2026-03'], undefined, DEFAULT_DATA_MODES],
  ['every-region month ranking, optional=all data=edge', 'month', ['2026-03'], undefined, { optional: 'all', data: 'edge' }],
  ['US day rankings (5 days)', 'day', ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'], 'US'],
  ['SG day rankings (20 days)', 'day', Array.from({ length: 20 }, (_, i) => `2026-04-${String(i + 1).padStart(2, '0')}`), 'SG'],
];
for (const [index, [name, type, values, region, modes]] of cases.entries()) {
  // The seed's creators made first: the ranking's cost is its rows, items, creators' views, pages and bytes.
  const seed = 902 + index;
  const universe = createUniverse(seed, catalogue);
  keep.push(universe.creators);
  const store = createDataStore({
    homeSeed: seed,
    universeBytes: 1e9,
    rankingBytes: 1e9,
    otherSeedRankingBytes: 1e9,
    catalogue,
    itemFacts: facts,
    makeUniverse: () => universe,
  });
  keep.push(store);
  let estimated = 0;
  const measured = measure(() =>
    values.map((value) => {
      const ranking = fullRanking(store.ranking(seed, resolvePeriod({ type, value }, NOW), region, modes));
      estimated += modes === undefined ? rankingBytes(ranking) : shownRankingBytes(ranking, modes);
      return ranking;
    }),
  );
  results[name] = { measured, estimated };
}

const TOKENS = 20_000;
const limiter = createRateLimiter(5, () => 1, TOKENS * (TOKEN_ENTRY_BYTES + 40));
results['rate-limit table, 20,000 tokens of 32 characters'] = {
  measured: measure(() => {
    for (let i = 0; i < TOKENS; i++) limiter.take(`token-${String(i).padStart(26, '0')}`);
  }),
  estimated: limiter.usage().bytes,
};
const quota = createQuota(5, () => 1, TOKENS * (TOKEN_ENTRY_BYTES + 40));
results['quota table, 20,000 tokens of 32 characters'] = {
  measured: measure(() => {
    for (let i = 0; i < TOKENS; i++) quota.record(`quota-${String(i).padStart(26, '0')}`);
  }),
  estimated: quota.usage().bytes,
};

const validate = createRequestValidator(resolveSpec());
const bodies = createRememberedBodies(16, validate, 1e9);
results['remembered bodies, 5,000 distinct'] = {
  measured: measure(() => {
    for (let i = 0; i < 5_000; i++) {
      const parsed = bodies.parse(
        JSON.stringify({
          filter: { region: 'US', follower_count_range: { min: i, max: i + 10 } },
          page: 1 + (i % 10),
          pagesize: 20,
          note: 'x'.repeat(i % 50),
        }),
      );
      if (parsed.ok) bodies.validate(parsed.value);
    }
  }),
  estimated: bodies.usage().bytes,
};
results['remembered bodies, 500 of many small objects'] = {
  measured: measure(() => {
    for (let i = 0; i < 500; i++) {
      const parsed = bodies.parse(`[${Array.from({ length: 600 }, () => '{}').join(',')}, ${i}]`);
      if (parsed.ok) bodies.validate(parsed.value);
    }
  }),
  estimated: bodies.usage().bytes - (results['remembered bodies, 5,000 distinct']?.estimated ?? 0),
};

process.stdout.write(JSON.stringify(results));
