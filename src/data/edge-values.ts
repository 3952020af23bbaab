import type { Creator, TopPotentialItem } from '../generated/types.js';
import type { ItemFacts, StatedBounds } from '../openapi/item-facts.js';
import type { RankedCreator } from './metrics.js';
import type { Period } from './periods.js';
import { createRandom, type Random } from './random.js';

/** The longest text the fake sends where the spec states no maxLength (the 2,000 characters). */
export const EDGE_LONGEST_TEXT = 2_000;

/**
 * Names a display must survive: right-to-left scripts (and a bidi override), scripts with combining marks, emoji
 * sequences (ZWJ families, flags, skin tones), decomposed accents, zero-width characters, and JSON/HTML-sensitive text.
 */
export const EDGE_NAMES: readonly string[] = [
  'محمد العلي',
  'שירה כהן',
  'Sara سارة 2026',
  '\u202Eevil\u202C name',
  '王小明のお店',
  '김민지',
  'प्रिया शर्मा',
  'สมชาย ใจดี',
  '👩‍👩‍👧‍👦 family',
  '🇧🇷🇲🇽',
  '👍🏽👍🏿',
  'Zoe\u0308 Jose\u0301',
  'Z\u0351\u0364a\u036b\u0350l\u0352g\u0346o',
  'a\u200Bb\u200Dc',
  '"Quote" \\ back</script>',
  ' ',
];

/** Text of exactly n UTF-16 units, all in the Basic Multilingual Plane (so n code points too), in several scripts. */
function longText(n: number): string {
  const unit = 'Ωمرحبا李e\u0301 ';
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

const shortest = (bounds: StatedBounds, filler: string): string => filler.repeat(bounds.minLength ?? 0);
const longest = (bounds: StatedBounds): number => bounds.maxLength ?? Math.max(EDGE_LONGEST_TEXT, bounds.minLength ?? 0);
const mayBeEmpty = (bounds: StatedBounds): boolean => (bounds.minItems ?? 0) === 0;

type Edged = Pick<RankedCreator, 'followerCount' | 'dominantGender' | 'dominantAge'> & { readonly creator: Creator };

/** The creator as the edge data shows it, the same in every period: drawn from (seed, creator) only. */
function edgeCreator(seed: number, row: RankedCreator, facts: ItemFacts): Edged {
  const base = row.item.creator;
  const random = createRandom('edge-creator', seed, row.item.uid);
  const nameBounds = facts.bounds(['creator', 'nickname']);
  const roll = random.next();
  const nickname =
    roll < 0.02
      ? longText(longest(nameBounds))
      : roll < 0.1
        ? shortest(nameBounds, 'x')
        : roll < 0.6
          ? random.pick(EDGE_NAMES)
          : base.nickname;
  const handleBounds = facts.bounds(['creator', 'unique_id']);
  const unique_id = random.chance(0.1) && (handleBounds.minLength ?? 0) > 0 ? shortest(handleBounds, 'x') : base.unique_id;
  const follower_count = random.chance(0.2) ? 0 : base.follower_count;
  const creator: Creator = {
    ...base,
    nickname,
    unique_id,
    follower_count,
    video_count: random.chance(0.2) ? 0 : base.video_count,
  };
  let { dominantGender, dominantAge } = row;
  const genders = random.int(0, 3);
  if (genders === 0 && mayBeEmpty(facts.bounds(['creator', 'follower_genders']))) {
    creator.follower_genders = [];
    dominantGender = undefined;
  } else if (genders === 1 || genders === 2) {
    // All followers of one gender: the shares' boundaries, 1 and 0, written in their longest and shortest forms.
    const female = genders === 1;
    creator.follower_genders = [
      { key: 'female', value: female ? '1.000000' : '0' },
      { key: 'male', value: female ? '0' : '1' },
    ];
    dominantGender = female ? 0 : 1;
  }
  const ages = random.int(0, 2);
  if (ages === 0 && mayBeEmpty(facts.bounds(['creator', 'follower_ages']))) {
    creator.follower_ages = [];
  } else if (ages === 1) {
    const bracket = random.int(0, base.follower_ages.length - 1);
    creator.follower_ages = base.follower_ages.map((share, index) => ({ key: share.key, value: index === bracket ? '1' : '0.000000' }));
    const key = base.follower_ages[bracket]?.key;
    dominantAge = key === '18-24' ? 1 : key === '25-34' ? 2 : 3;
  }
  return { creator, followerCount: follower_count, dominantGender, dominantAge };
}

/** The potential index at a bound, or rounded to a quarter of the range so that many rows tie. */
function edgePotential(random: Random, item: TopPotentialItem, bounds: StatedBounds): number {
  const min = bounds.minimum ?? 0;
  const max = bounds.maximum ?? 100;
  const choice = random.int(0, 3);
  if (choice === 0) return min;
  if (choice === 1) return max;
  const step = (max - min) / 4;
  return Math.min(max, Math.max(min, Math.round(min + Math.round((item.potential_index - min) / step) * step)));
}

/**
 * A row as `Prefer: data=edge` shows it: the same creator and period with spec-legal extremes. The potential index
 * at its bounds or on a coarse grid (ties, broken by uid), no sales at all (every amount and count 0), empty lists
 * where the spec allows them, and a creator with 0 followers, the shortest and longest names the spec allows, names
 * in other scripts, all followers of one gender or age. The row's filter fields follow what the item shows, so
 * filters still agree with the items. A pure function of (seed, row, period).
 */
export function edgeRow(seed: number, period: Period, row: RankedCreator, facts: ItemFacts): RankedCreator {
  const random = createRandom('edge-row', seed, row.item.uid, period.key);
  const edged = edgeCreator(seed, row, facts);
  const idle = random.chance(0.25);
  const noCategories = (idle || random.chance(0.2)) && mayBeEmpty(facts.bounds(['sales_category_l3']));
  const item: TopPotentialItem = {
    ...row.item,
    creator: edged.creator,
    potential_index: edgePotential(random, row.item, facts.bounds(['potential_index'])),
    sales_category_l3: noCategories ? [] : row.item.sales_category_l3,
    ...(idle ? { video_count: 0, gmv: 0, usd_gmv: 0, units_sold: 0, live_units_sold: 0, video_units_sold: 0 } : {}),
    ...(idle || edged.creator.follower_count === 0 ? { avg_play_count: 0 } : {}),
  };
  return {
    ...row,
    item,
    followerCount: edged.followerCount,
    dominantGender: edged.dominantGender,
    dominantAge: edged.dominantAge,
    categories: noCategories ? [] : row.categories,
  };
}
