import type { TopPotentialItem } from '../generated/types.js';
import type { OptionalMode } from './data-modes.js';
import type { Period } from './periods.js';
import { money } from './metrics.js';
import { createRandom } from './random.js';

/** The item's optional members, as the generated types have them: a field the spec adds must get a value below. */
export type OptionalItemField = {
  [K in keyof TopPotentialItem]-?: object extends Pick<TopPotentialItem, K> ? K : never;
}[keyof TopPotentialItem];
export type OptionalItemValues = Required<Pick<TopPotentialItem, OptionalItemField>>;

/**
 * Every optional field's value for a row, coherent with its required fields: the creator's GMV is the period's, split
 * between video and live as its units are (so `video_* + live_* = creator_*` and each is at most `creator_*`); local
 * and USD amounts are split by the same share, so they agree wherever `gmv = usd_gmv` (US); counts are whole numbers
 * >= 0, live streams only where the row sold live, products at most the units sold. A pure function of its inputs.
 */
export function optionalValues(seed: number, period: Period, item: TopPotentialItem): OptionalItemValues {
  const random = createRandom('optional-values', seed, item.uid, period.key);
  const videoShare = item.units_sold === 0 ? 0 : item.video_units_sold / item.units_sold;
  const videoGmv = money(item.gmv * videoShare);
  const videoUsdGmv = money(item.usd_gmv * videoShare);
  const sellsLive = item.live_units_sold > 0 || item.ecommerce_type !== 1;
  return {
    follower_count: item.creator.follower_count,
    product_count: item.units_sold === 0 ? 0 : random.int(1, Math.min(item.units_sold, 60)),
    creator_gmv: item.gmv,
    creator_usd_gmv: item.usd_gmv,
    video_gmv: videoGmv,
    video_usd_gmv: videoUsdGmv,
    live_count: sellsLive && item.units_sold > 0 ? random.int(1, Math.max(1, period.days * 2)) : 0,
    live_gmv: money(item.gmv - videoGmv),
    live_usd_gmv: money(item.usd_gmv - videoUsdGmv),
  };
}

const knows = (field: string, values: OptionalItemValues): field is OptionalItemField => Object.hasOwn(values, field);

/**
 * The item with the optional fields the mode asks for: none, all of `fields` (the spec's optional fields, in its
 * order), or each present with one chance in two, drawn per (seed, creator, period, field), so that a page of n items
 * shows each field both present and absent unless all n draws agree (one chance in 2^(n-1)). A field the spec lists
 * that this kit has no coherent value for is left out. The same item object back when nothing is added.
 */
export function withOptionalFields(
  seed: number,
  period: Period,
  item: TopPotentialItem,
  fields: readonly string[],
  mode: OptionalMode,
): TopPotentialItem {
  if (mode === 'none' || fields.length === 0) return item;
  const values = optionalValues(seed, period, item);
  const random = createRandom('optional-mix', seed, item.uid, period.key);
  // Copied key by key into a new object: adding members to a spread copy takes V8 a slow path, ~20 times slower.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) out[key] = item[key as keyof TopPotentialItem];
  for (const field of fields) {
    const present = mode === 'all' || random.chance(0.5);
    if (present && knows(field, values)) out[field] = values[field];
  }
  return out as unknown as TopPotentialItem;
}
