/** Which of the item's optional fields answers carry: none, every one, or a seeded mix (see optional-fields.ts). */
export const OPTIONAL_MODES = ['none', 'all', 'mixed'] as const;
export type OptionalMode = (typeof OPTIONAL_MODES)[number];

/** Values in the comfortable middle (`typical`) or at the spec's extremes (`edge`, see edge-values.ts). */
export const DATA_MODES = ['typical', 'edge'] as const;
export type DataMode = (typeof DATA_MODES)[number];

/** How the rows of a ranking look: a fixed small set (3 x 2), so a cache keyed on it grows by a constant factor at most. */
export interface DataModes {
  readonly optional: OptionalMode;
  readonly data: DataMode;
}

/** What the rows are made as (rankCreator's own output): no optional field, typical values. */
export const PLAIN_MODES: DataModes = Object.freeze({ optional: 'none', data: 'typical' });

/**
 * Decision: the fake's default is `optional=mixed`. The vendor's example (the only sample of real output) carries none
 * of the optional fields and the page's table lists them all, so production may send either; a default of none or all
 * would hide from a downstream test whichever case it does not show.
 */
export const DEFAULT_DATA_MODES: DataModes = Object.freeze({ optional: 'mixed', data: 'typical' });

export const isOptionalMode = (value: unknown): value is OptionalMode => (OPTIONAL_MODES as readonly unknown[]).includes(value);
export const isDataMode = (value: unknown): value is DataMode => (DATA_MODES as readonly unknown[]).includes(value);
export const isPlain = (modes: DataModes): boolean => modes.optional === 'none' && modes.data === 'typical';
/** Rows that cost more to keep: an item of their own for every row (every optional field, or edge data). */
export const isRich = (modes: DataModes): boolean => modes.optional === 'all' || modes.data === 'edge';
