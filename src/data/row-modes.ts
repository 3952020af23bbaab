import type { ItemFacts } from '../openapi/item-facts.js';
import type { DataModes } from './data-modes.js';
import { edgeRow } from './edge-values.js';
import type { RankedCreator } from './metrics.js';
import type { Period } from './periods.js';
import { withOptionalFields } from './optional-fields.js';
import { rankingBytes, type PeriodRanking } from './rankings.js';
import type { Universe } from './universe.js';

/**
 * What a row costs beyond rankingBytes' count when shown in modes (test/e2e/memory-estimates.test.ts keeps it above
 * the real heap cost): an item of its own with optional fields (measured ~220 bytes a row more, mixed), and with edge
 * data also a creator's view of its own per row and the rare 2,000-character name (measured ~1,270 bytes a row more,
 * with all optional fields).
 */
export const OPTIONAL_ROW_BYTES = 512;
export const EDGE_ROW_BYTES = 1_280;

/** rankingBytes of a ranking whose rows are shown in the modes. */
export function shownRankingBytes(ranking: PeriodRanking, modes: DataModes): number {
  const extra = (modes.optional === 'none' ? 0 : OPTIONAL_ROW_BYTES) + (modes.data === 'edge' ? EDGE_ROW_BYTES : 0);
  return rankingBytes(ranking) + ranking.desc.length * extra;
}

/** A row as the modes show it: edge values first (so optional fields follow them), then the optional fields. */
export function rowInModes(seed: number, row: RankedCreator, period: Period, modes: DataModes, facts: ItemFacts): RankedCreator {
  const edged = modes.data === 'edge' ? edgeRow(seed, period, row, facts) : row;
  const item = withOptionalFields(seed, period, edged.item, facts.optionalFields, modes.optional);
  return item === edged.item ? edged : { ...edged, item };
}

/**
 * The universe whose rows are shown in the modes: the same creators, each period's rows mapped by rowInModes. Every
 * other member is the universe's own (delegated, not copied: reading `creators` would make every region).
 */
export function universeInModes(universe: Universe, modes: DataModes, facts: ItemFacts): Universe {
  const rowsOf: Universe['rowsOf'] = (period, region) =>
    universe.rowsOf(period, region).map((row) => rowInModes(universe.seed, row, period, modes, facts));
  return Object.create(universe, { rowsOf: { value: rowsOf } }) as Universe;
}
