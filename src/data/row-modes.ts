import type { ItemFacts } from '../openapi/item-facts.js';
import type { DataModes } from './data-modes.js';
import { edgeRow } from './edge-values.js';
import type { RankedCreator } from './metrics.js';
import type { Period } from './periods.js';
import { withOptionalFields } from './optional-fields.js';
import type { Universe } from './universe.js';

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
