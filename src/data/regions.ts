import type { Region } from '../generated/types.js';

export interface RegionProfile {
  /** Creators of the region in the fake's universe. */
  readonly creators: number;
  /** Units of local currency per US dollar, fixed so that gmv / usd_gmv is stable. */
  readonly usdRate: number;
}

/** One profile per region of the spec's Region enum; a test keeps the keys equal to the enum. */
export const REGION_PROFILES: Readonly<Record<Region, RegionProfile>> = {
  US: { creators: 1000, usdRate: 1 },
  GB: { creators: 420, usdRate: 0.79 },
  MX: { creators: 300, usdRate: 17.2 },
  ES: { creators: 200, usdRate: 0.92 },
  DE: { creators: 220, usdRate: 0.92 },
  IT: { creators: 180, usdRate: 0.92 },
  FR: { creators: 200, usdRate: 0.92 },
  ID: { creators: 500, usdRate: 15_700 },
  VN: { creators: 380, usdRate: 25_400 },
  MY: { creators: 260, usdRate: 4.4 },
  TH: { creators: 320, usdRate: 33 },
  PH: { creators: 300, usdRate: 57 },
  BR: { creators: 300, usdRate: 5.4 },
  JP: { creators: 160, usdRate: 150 },
  SG: { creators: 120, usdRate: 1.34 },
};
