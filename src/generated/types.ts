/* eslint-disable */
/**
 * Generated from spec/openapi.yaml by `npm run generate`. Do not edit by hand:
 * change the spec and regenerate; a test fails when this file is stale.
 */

/**
 * Country or region code, one of the 15 the vendor lists.
 */
export type Region =
  'US' | 'GB' | 'MX' | 'ES' | 'DE' | 'IT' | 'FR' | 'ID' | 'VN' | 'MY' | 'TH' | 'PH' | 'BR' | 'JP' | 'SG';
/**
 * A category id. Decision: a positive integer. The vendor does not publish its id lists; known ids are in
 * the kit's fixtures/categories.json (import it as fastmoss-toppotential-kit/fixtures/categories.json).
 *
 */
export type CategoryId = number;
/**
 * Selling channel filter: 1 video, 2 live. An item sold through both (type 3) matches either.
 */
export type EcommerceType = 1 | 2;
/**
 * Dominant follower age bracket: 1 18-24, 2 25-34, 3 35+ (35-44, 45-54 and 55+ together).
 * Decision: an integer. The page types it "object" but describes it only by integer codes.
 *
 */
export type FollowerAgeType = 1 | 2 | 3;
/**
 * Dominant follower gender: 0 female, 1 male (share above one half).
 * Decision: an integer. The page types it "object" but describes it only by integer codes.
 *
 */
export type FollowerGenderType = 0 | 1;
/**
 * Kind of ranking period.
 */
export type DateType = 'day' | 'week' | 'month';
/**
 * The only sortable field.
 */
export type OrderByField = 'potential_index';
/**
 * Sort direction. The page shows desc; the vendor's command-line tool also accepts asc.
 */
export type SortOrder = 'desc' | 'asc';
/**
 * Page number, from 1. `page * pagesize <= 1000` (rule page-window).
 */
export type Page = number;
/**
 * Items per page, 1 to 100.
 */
export type PageSize = number;
/**
 * A proportion from 0 to 1 written as a decimal string, as the vendor sends it (e.g. "0.6319").
 */
export type DecimalShare = string;
/**
 * Creator id, a decimal string (19 digits in every sample seen).
 */
export type CreatorUid = string;
/**
 * How the creator sold in the period: 1 video, 2 live, 3 both.
 * Decision: 3 means both. The request only knows 1 and 2, but the vendor's example item carries 3.
 *
 */
export type ItemEcommerceType = 1 | 2 | 3;
/**
 * Identifier of this answer, UUID-shaped. The fake derives it from the request, so it is reproducible.
 */
export type RequestId = string;
/**
 * When the answer was made, in Unix seconds.
 */
export type Timestamp = number;
/**
 * Human-readable text; empty on success.
 * Decision: the member is `message`. The vendor's guide calls it `msg`, but this endpoint's example (and
 * another endpoint's) uses `message`; the contract suite reports a `msg` as an undocumented field.
 *
 */
export type Message = string;
/**
 * Vendor error codes: 10001 parameter error, 20001 resource not found, 30001 no access permission,
 * 30002 data limit exceeded (quota), 30003 access frequency limit exceeded (rate limit), 40001 service
 * error. The vendor publishes no HTTP status per code; the statuses in this document are the fake's.
 *
 */
export type ErrorCode = 10001 | 20001 | 30001 | 30002 | 30003 | 40001;

export interface SpecComponents {
  Region: Region;
  CategoryId: CategoryId;
  EcommerceType: EcommerceType;
  FollowerAgeType: FollowerAgeType;
  FollowerGenderType: FollowerGenderType;
  FollowerCountRange: FollowerCountRange;
  DateType: DateType;
  DateInfo: DateInfo;
  Filter: Filter;
  OrderByField: OrderByField;
  SortOrder: SortOrder;
  OrderBy: OrderBy;
  Page: Page;
  PageSize: PageSize;
  TopPotentialRequest: TopPotentialRequest;
  DecimalShare: DecimalShare;
  GenderShare: GenderShare;
  AgeShare: AgeShare;
  CreatorCategory: CreatorCategory;
  Creator: Creator;
  CreatorUid: CreatorUid;
  SalesCategory: SalesCategory;
  ItemEcommerceType: ItemEcommerceType;
  TopPotentialItem: TopPotentialItem;
  TopPotentialData: TopPotentialData;
  RequestId: RequestId;
  Timestamp: Timestamp;
  Message: Message;
  TopPotentialResponse: TopPotentialResponse;
  ErrorCode: ErrorCode;
  ErrorEnvelope: ErrorEnvelope;
}
/**
 * Inclusive range of creator follower counts. Either bound may be omitted; `min <= max` (rule follower-range-order).
 */
export interface FollowerCountRange {
  /**
   * Smallest follower count, inclusive.
   */
  min?: number;
  /**
   * Largest follower count, inclusive.
   */
  max?: number;
}
/**
 * The ranking period. Decision: optional (the English page says optional, the Chinese page required);
 * when absent, the latest completed month by the server's clock. Only completed periods have data; a
 * period that has not ended yet gives an empty list with `total` "0".
 * Value formats: day `YYYY-MM-DD` (a real date, rule day-is-calendar-date); week `YYYY-WW` or `YYYY-Www`,
 * an ISO 8601 week (rule week-exists); month `YYYY-MM` (rule month-in-range).
 *
 */
export interface DateInfo {
  type: DateType;
  /**
   * The period, in the format its `type` asks for.
   */
  value: string;
}
/**
 * Filters; every one is optional and they combine with AND.
 */
export interface Filter {
  region?: Region;
  creator_category_id?: CategoryId;
  product_category_l1_id?: CategoryId;
  product_category_l2_id?: CategoryId;
  product_category_l3_id?: CategoryId;
  ecommerce_type?: EcommerceType;
  follower_count_range?: FollowerCountRange;
  follower_age_type?: FollowerAgeType;
  follower_gender_type?: FollowerGenderType;
  date_info?: DateInfo;
}
/**
 * One sort key.
 */
export interface OrderBy {
  field: OrderByField;
  order?: SortOrder;
}
/**
 * The request body. Unknown members are rejected, at every level.
 */
export interface TopPotentialRequest {
  filter?: Filter;
  /**
   * Sort keys. Decision: an array of at most one `{field, order}`. The page's table types it "object"
   * but its example sends an array; `potential_index` is the only field. Ties are broken by `uid`
   * ascending. Default: potential_index desc.
   *
   *
   * @maxItems 1
   */
  orderby?: OrderBy[];
  page?: Page;
  pagesize?: PageSize;
}
/**
 * Share of followers of one gender.
 */
export interface GenderShare {
  key: 'female' | 'male';
  value: DecimalShare;
}
/**
 * Share of followers in one age bracket. The shares may sum to less than 1 (some followers are unattributed).
 */
export interface AgeShare {
  key: '18-24' | '25-34' | '35-44' | '45-54' | '55+';
  value: DecimalShare;
}
/**
 * The creator's own category.
 */
export interface CreatorCategory {
  id: number;
  name: string;
}
/**
 * The creator's profile; stable across periods. Members are listed in the order the vendor's example sends them.
 */
export interface Creator {
  uid: CreatorUid;
  /**
   * Display name.
   */
  nickname: string;
  /**
   * The creator's handle (unique id).
   */
  unique_id: string;
  /**
   * Avatar image URL.
   */
  avatar: string;
  region: Region;
  category: CreatorCategory;
  /**
   * Followers now.
   */
  follower_count: number;
  /**
   * Videos published in all.
   */
  video_count: number;
  /**
   * Follower gender distribution; the shares sum to 1.
   *
   * @maxItems 2
   */
  follower_genders: GenderShare[];
  /**
   * Follower age distribution; the shares sum to at most 1.
   *
   * @maxItems 5
   */
  follower_ages: AgeShare[];
}
/**
 * A level-3 product category the creator sold in.
 * Decision: `id` is an integer. The page's table types it string but its example sends numbers, and the
 * request's category ids are integers.
 *
 */
export interface SalesCategory {
  id: number;
  name: string;
}
/**
 * One ranked creator for the period.
 * Decision: the fields of the vendor's example item are required, since the example is the only sample
 * of real output. The fields only the page's table lists (`follower_count`, `product_count`,
 * `creator_gmv`, `creator_usd_gmv`, `video_gmv`, `video_usd_gmv`, `live_count`, `live_gmv`,
 * `live_usd_gmv`) are optional: the example does not carry them, so production may not send them.
 * Decision: the fake sends each optional field on some items and not on others of the same answer by
 * default (`Prefer: optional=mixed`, drawn from the seed; `none` and `all` on request), since a default of
 * none or all would never show a client the case it lacks.
 * `units_sold = live_units_sold + video_units_sold`; for region US, `gmv = usd_gmv`.
 *
 */
export interface TopPotentialItem {
  creator: Creator;
  uid: CreatorUid;
  /**
   * Videos published in the period.
   */
  video_count: number;
  ecommerce_type: ItemEcommerceType;
  /**
   * Potential index. Decision: an integer from 0 to 100 (the vendor publishes no range; the example has 83).
   */
  potential_index: number;
  /**
   * GMV in the period, in the region's currency.
   */
  gmv: number;
  /**
   * GMV in the period, in US dollars.
   */
  usd_gmv: number;
  /**
   * Units sold in the period (live plus video).
   */
  units_sold: number;
  /**
   * Average plays per video in the period.
   */
  avg_play_count: number;
  /**
   * Units sold through live streams in the period.
   */
  live_units_sold: number;
  /**
   * Units sold through videos in the period.
   */
  video_units_sold: number;
  /**
   * Level-3 product categories sold in the period.
   */
  sales_category_l3: SalesCategory[];
  /**
   * Optional (field table only, not in the example). Creator follower count.
   */
  follower_count?: number;
  /**
   * Optional (field table only, not in the example). Number of products sold.
   */
  product_count?: number;
  /**
   * Optional (field table only, not in the example). Creator total GMV.
   */
  creator_gmv?: number;
  /**
   * Optional (field table only, not in the example). Creator total GMV in US dollars.
   */
  creator_usd_gmv?: number;
  /**
   * Optional (field table only, not in the example). Video total GMV.
   */
  video_gmv?: number;
  /**
   * Optional (field table only, not in the example). Video total GMV in US dollars.
   */
  video_usd_gmv?: number;
  /**
   * Optional (field table only, not in the example). Live stream count.
   */
  live_count?: number;
  /**
   * Optional (field table only, not in the example). Live total GMV.
   */
  live_gmv?: number;
  /**
   * Optional (field table only, not in the example). Live total GMV in US dollars.
   */
  live_usd_gmv?: number;
}
/**
 * One page of the ranking and the period it covers.
 */
export interface TopPotentialData {
  /**
   * The page's items, in the requested order.
   *
   * @maxItems 100
   */
  list: TopPotentialItem[];
  /**
   * Number of creators matching the filter, over all pages.
   * Decision: a string of decimal digits. The page's table types it integer, but its example, the only
   * sample of real output, sends "17". Parse it with Number(); the contract suite reports a change.
   *
   */
  total: string;
  date_type: DateType;
  /**
   * The period the answer covers, in the request's format for its type (a week is echoed as the
   * request wrote it). Decision: required; the page's table omits it, its example carries it.
   *
   */
  date_value: string;
}
/**
 * The success envelope.
 */
export interface TopPotentialResponse {
  /**
   * 0 on success.
   */
  code: 0;
  data: TopPotentialData;
  message: Message;
  timestamp: Timestamp;
  request_id: RequestId;
}
/**
 * The error envelope. `message` says what failed, naming the field, and what to do.
 */
export interface ErrorEnvelope {
  code: ErrorCode;
  /**
   * Always null or an empty object on error.
   */
  data: {} | null;
  /**
   * What failed, why, and what to do. Names the offending field path where there is one.
   */
  message: string;
  timestamp: Timestamp;
  request_id: RequestId;
}
