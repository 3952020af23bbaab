import type { Region } from '../generated/types.js';
import type { CategoryCatalogue, CreatorCategoryEntry, ProductCategoryL3 } from './categories.js';
import { NAME_LISTS } from './names.js';
import { createRandom, sample, type Random } from './random.js';
import type { RegionProfile } from './regions.js';

export type AgeBracket = '18-24' | '25-34' | '35-44' | '45-54' | '55+';
export const AGE_BRACKETS: readonly AgeBracket[] = ['18-24', '25-34', '35-44', '45-54', '55+'];

/** A creator's identity and the traits its metrics grow from; stable across periods. */
export interface CreatorProfile {
  readonly uid: string;
  readonly uniqueId: string;
  readonly nickname: string;
  readonly avatar: string;
  readonly region: Region;
  readonly category: CreatorCategoryEntry;
  readonly followerCount: number;
  readonly totalVideos: number;
  /** Female share in basis points (0..10000); male is the rest. */
  readonly femaleBp: number;
  /** Share per age bracket in basis points; sums to at most 10000. */
  readonly agesBp: Readonly<Record<AgeBracket, number>>;
  /** Typical potential index, 0..100. */
  readonly basePotential: number;
  /** Probability of selling through video / live in a period. */
  readonly videoAffinity: number;
  readonly liveAffinity: number;
  /** The L3 categories the creator sells from. */
  readonly l3Pool: readonly ProductCategoryL3[];
  /** Typical units sold per active day. */
  readonly dailyUnits: number;
  /** Typical price per unit in USD. */
  readonly unitPriceUsd: number;
}

const CATEGORY_WEIGHTS: Readonly<Record<number, number>> = { 4: 4, 1: 3, 8: 2 };

/** Each creator category as many times as its weight, so that one uniform pick is a weighted pick. */
function weightedCategories(categories: readonly CreatorCategoryEntry[]): CreatorCategoryEntry[] {
  return categories.flatMap((c) => Array.from({ length: CATEGORY_WEIGHTS[c.id] ?? 1 }, () => c));
}

function splitBasisPoints(random: Random, weights: readonly number[], total: number): number[] {
  const raw = weights.map((w) => w * (0.4 + random.next()));
  const sum = raw.reduce((a, b) => a + b, 0);
  const parts = raw.map((r) => Math.floor((r / sum) * total));
  const rest = total - parts.reduce((a, b) => a + b, 0);
  return parts.map((part, index) => (index === 0 ? part + rest : part));
}

function audience(random: Random, category: CreatorCategoryEntry): Pick<CreatorProfile, 'femaleBp' | 'agesBp'> {
  const femaleLean = category.id === 4 ? 0.78 : category.id === 6 ? 0.3 : 0.55;
  const female = Math.min(0.98, Math.max(0.02, femaleLean + random.normal() * 0.14));
  const youth = random.next();
  const weights = youth < 0.4 ? [5, 4, 2, 1, 0.5] : youth < 0.75 ? [2, 5, 3, 1.5, 0.7] : [1, 2, 4, 3, 2];
  const attributed = 10_000 - random.int(0, 300);
  const [a = 0, b = 0, c = 0, d = 0, e = 0] = splitBasisPoints(random, weights, attributed);
  return { femaleBp: Math.round(female * 10_000), agesBp: { '18-24': a, '25-34': b, '35-44': c, '45-54': d, '55+': e } };
}

function productPool(random: Random, catalogue: CategoryCatalogue, home: readonly ProductCategoryL3[]): ProductCategoryL3[] {
  const pool = sample(random, home, random.int(4, Math.min(7, home.length)));
  const strays = sample(
    random,
    catalogue.l3.filter((c) => !pool.includes(c)),
    random.int(0, 2),
  );
  return [...pool, ...strays];
}

function digits(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(random.int(0, 9));
  return out;
}

/** 32 hex digits from four 32-bit draws. */
function hex128(random: Random): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += random.int(0, 0xffff_ffff).toString(16).padStart(8, '0');
  return out;
}

/** A TikTok-like uid: 19 digits, the first 6 or 7. */
function uidFrom(random: Random): string {
  const high = String(random.int(0, 999_999_999)).padStart(9, '0');
  const low = String(random.int(0, 999_999_999)).padStart(9, '0');
  return `${random.int(6, 7)}${high}${low}`;
}

/** Handles like the vendor's: mostly names, sometimes with digits, dots, underscores or a word. */
function nicknameFrom(random: Random, first: string, last: string, word: string): string {
  switch (random.int(0, 4)) {
    case 0:
      return `${first}${last}`;
    case 1:
      return `${first}.${last}${random.int(1, 99)}`;
    case 2:
      return `${first}_${word}`;
    case 3:
      return `${word}${first}${random.int(1, 999)}`;
    default:
      return `${first} ${last}`;
  }
}

/** Who a creator is: unique in the whole universe, so made for every region at once (it is the cheap part). */
export interface CreatorIdentity {
  readonly uid: string;
  readonly uniqueId: string;
  readonly nickname: string;
}

/**
 * The identities of every region's creators for a seed, in the regions' order: names drawn from faker's English word
 * lists by the seeded generator (faker's own API costs several times more per name), uids and handles unique across
 * the universe. Same seed, same identities, in any process.
 */
export function generateIdentities(
  seed: number,
  regions: Readonly<Record<Region, RegionProfile>>,
): ReadonlyMap<Region, readonly CreatorIdentity[]> {
  const names = NAME_LISTS;
  const random = createRandom('identities', seed);
  const uids = new Set<string>();
  const handles = new Set<string>();
  const identities = new Map<Region, CreatorIdentity[]>();
  for (const [region, profile] of Object.entries(regions) as [Region, RegionProfile][]) {
    const list: CreatorIdentity[] = [];
    for (let i = 0; i < profile.creators; i++) {
      let uid: string;
      do uid = uidFrom(random);
      while (uids.has(uid));
      uids.add(uid);
      const nickname = nicknameFrom(random, random.pick(names.first), random.pick(names.last), random.pick(names.adjectives));
      let uniqueId = nickname
        .toLowerCase()
        .replace(/[^a-z0-9_.]/g, '')
        .slice(0, 20);
      while (handles.has(uniqueId)) uniqueId = `${uniqueId.slice(0, 20)}${digits(random, 2)}`;
      handles.add(uniqueId);
      list.push({ uid, uniqueId, nickname });
    }
    identities.set(region, list);
  }
  return identities;
}

/**
 * One region's creators: the given identities with traits from a generator seeded by (seed, region), so a region can
 * be made on its own, when first asked for, and comes out the same whichever regions were made before it.
 */
export function generateRegionCreators(
  seed: number,
  region: Region,
  identities: readonly CreatorIdentity[],
  catalogue: CategoryCatalogue,
): CreatorProfile[] {
  const weighted = weightedCategories(catalogue.creatorCategories);
  const homes = new Map(catalogue.creatorCategories.map((c) => [c, catalogue.l3.filter((l3) => c.productL1Ids.includes(l3.l1Id))]));
  const random = createRandom('creators', seed, region);
  return identities.map((identity) => {
    const category = random.pick(weighted);
    const logFollowers = Math.min(7.3, Math.max(3.7, 5.35 + random.normal() * 0.5));
    const channel = random.next();
    const avatar = `https://s.500fd.com/tt_author/${hex128(random)}~tplv-tiktokx-cropcenter:100:100.jpeg`;
    const totalVideos = random.int(40, 2500);
    const { femaleBp, agesBp } = audience(random, category);
    // Plain properties, not spreads: V8 makes spread literals in dictionary mode, ~10x slower to build and to read.
    return {
      uid: identity.uid,
      uniqueId: identity.uniqueId,
      nickname: identity.nickname,
      avatar,
      region,
      category,
      followerCount: Math.round(10 ** logFollowers),
      totalVideos,
      femaleBp,
      agesBp,
      basePotential: Math.round(Math.min(97, Math.max(8, 55 + random.normal() * 17))),
      videoAffinity: channel < 0.75 ? 0.85 + random.next() * 0.15 : 0.2 + random.next() * 0.4,
      liveAffinity: channel > 0.45 ? 0.5 + random.next() * 0.5 : random.next() * 0.25,
      l3Pool: productPool(random, catalogue, homes.get(category) as readonly ProductCategoryL3[]),
      dailyUnits: Math.max(1, Math.round(10 ** (1 + random.next() * 1.6))),
      unitPriceUsd: Math.round((6 + random.next() * 45) * 100) / 100,
    };
  });
}
