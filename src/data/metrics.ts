import type { ItemEcommerceType, TopPotentialItem } from '../generated/types.js';
import type { ProductCategoryL3 } from './categories.js';
import { AGE_BRACKETS, type AgeBracket, type CreatorProfile } from './creators.js';
import type { Period } from './periods.js';
import { createRandom, sample } from './random.js';
import type { RegionProfile } from './regions.js';

/** Chance that a creator is ranked at all in a period of this kind. */
const PRESENCE: Readonly<Record<Period['type'], number>> = { day: 0.3, week: 0.42, month: 0.5 };

/** What the filters look at, kept beside the item so filtering never re-derives it. */
export interface RankedCreator {
  readonly item: TopPotentialItem;
  readonly region: string;
  readonly creatorCategoryId: number;
  readonly followerCount: number;
  readonly ecommerceType: ItemEcommerceType;
  /** 0 female, 1 male: the gender with more than half of the followers; undefined at exactly one half. */
  readonly dominantGender: 0 | 1 | undefined;
  /** 1 18-24, 2 25-34, 3 35+: the largest of the three brackets. */
  readonly dominantAge: 1 | 2 | 3;
  /**
   * The L3 categories of the period's sales, with their L1 and L2 (the catalogue's own objects, shared). Filters by
   * category level read `l1Id`, `l2Id` and `id` from them; per-level id sets per row cost more memory than the rest.
   */
  readonly categories: readonly ProductCategoryL3[];
}

const share = (basisPoints: number): string => (basisPoints / 10_000).toFixed(4);
export const money = (amount: number): number => Math.round(amount * 100) / 100;

function dominantAge(ages: Readonly<Record<AgeBracket, number>>): 1 | 2 | 3 {
  const older = ages['35-44'] + ages['45-54'] + ages['55+'];
  const top = Math.max(ages['18-24'], ages['25-34'], older);
  if (top === ages['18-24']) return 1;
  return top === ages['25-34'] ? 2 : 3;
}

/** The creator as an item shows it. It is the same in every period, so it is made once and shared by the rows. */
const creatorViews = new WeakMap<CreatorProfile, TopPotentialItem['creator']>();

function creatorView(creator: CreatorProfile): TopPotentialItem['creator'] {
  let view = creatorViews.get(creator);
  if (view === undefined) {
    const ages = AGE_BRACKETS.map((key) => ({ key, value: share(creator.agesBp[key]) })).sort((a, b) => Number(b.value) - Number(a.value));
    view = {
      uid: creator.uid,
      nickname: creator.nickname,
      unique_id: creator.uniqueId,
      avatar: creator.avatar,
      region: creator.region,
      category: { id: creator.category.id, name: creator.category.name },
      follower_count: creator.followerCount,
      video_count: creator.totalVideos,
      follower_genders: [
        { key: 'female', value: share(creator.femaleBp) },
        { key: 'male', value: share(10_000 - creator.femaleBp) },
      ],
      follower_ages: ages,
    };
    creatorViews.set(creator, view);
  }
  return view;
}

/** One shared `{id, name}` per L3 category for every row that sells in it. */
const salesCategories = new WeakMap<ProductCategoryL3, TopPotentialItem['sales_category_l3'][number]>();

function salesCategory(category: ProductCategoryL3): TopPotentialItem['sales_category_l3'][number] {
  let view = salesCategories.get(category);
  if (view === undefined) {
    view = { id: category.id, name: category.name };
    salesCategories.set(category, view);
  }
  return view;
}

/**
 * The creator's row for a period, or undefined when the creator is not ranked in it. A pure function of
 * (seed, creator, period): metrics vary by period, identity does not.
 */
export function rankCreator(seed: number, creator: CreatorProfile, period: Period, region: RegionProfile): RankedCreator | undefined {
  const random = createRandom('period', seed, creator.uid, period.key);
  if (!random.chance(PRESENCE[period.type])) return undefined;

  const sellsVideo = random.chance(creator.videoAffinity);
  const sellsLive = random.chance(creator.liveAffinity) || !sellsVideo;
  const ecommerceType: ItemEcommerceType = sellsVideo && sellsLive ? 3 : sellsVideo ? 1 : 2;
  const activeDays = Math.max(1, Math.round(period.days * (0.3 + random.next() * 0.7)));
  const units = Math.max(1, Math.round(creator.dailyUnits * activeDays * (0.5 + random.next())));
  const videoShare = ecommerceType === 1 ? 1 : ecommerceType === 2 ? 0 : 0.2 + random.next() * 0.7;
  const videoUnits = Math.round(units * videoShare);
  const liveUnits = units - videoUnits;
  const usdGmv = money(units * creator.unitPriceUsd * (0.8 + random.next() * 0.4));
  const videoCount = ecommerceType === 2 ? random.int(0, Math.ceil(period.days / 3)) : random.int(1, Math.max(2, period.days * 6));
  const categories = sample(random, creator.l3Pool, random.int(3, Math.min(5, creator.l3Pool.length)));
  const potential = Math.round(Math.min(100, Math.max(0, creator.basePotential + random.normal() * 9)));

  const item: TopPotentialItem = {
    creator: creatorView(creator),
    uid: creator.uid,
    video_count: videoCount,
    ecommerce_type: ecommerceType,
    potential_index: potential,
    gmv: money(usdGmv * region.usdRate),
    usd_gmv: usdGmv,
    units_sold: units,
    avg_play_count: Math.round(creator.followerCount * (0.02 + random.next() * 0.3)),
    live_units_sold: liveUnits,
    video_units_sold: videoUnits,
    sales_category_l3: categories.map(salesCategory),
  };
  return {
    item,
    region: creator.region,
    creatorCategoryId: creator.category.id,
    followerCount: creator.followerCount,
    ecommerceType,
    dominantGender: creator.femaleBp > 5000 ? 0 : creator.femaleBp < 5000 ? 1 : undefined,
    dominantAge: dominantAge(creator.agesBp),
    categories: categories.slice(), // an exact-size copy: sample() grows its result by push, with room for 17
  };
}
