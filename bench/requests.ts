/**
 * The benchmark's request mix: a fixed list of realistic bodies for POST /creator/v1/rank/topPotential.
 * 36 valid (15 regions' worth of filters, day/week/month periods, both orders, page sizes 10 to 100) and
 * 4 invalid (10%). Every connection walks the list in the same order (walkOrder), so each run sees the same mix.
 *
 * The periods are fixed dates in 2026 that are completed by the time this was written (2026-11-25); on a clock
 * before that, some of them would be "not completed yet" and answer an empty page, and the bench would measure smaller answers than it means to.
 */

export const ENDPOINT_PATH = '/creator/v1/rank/topPotential';

/** Every server gets the same headers: the spec's bearer security (Prism checks it), JSON body. */
export const REQUEST_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  authorization: 'Bearer bench',
};

export interface MixEntry {
  readonly name: string;
  readonly body: unknown;
  /** What the fake must answer: 200 for valid bodies, 400 for invalid ones. */
  readonly expectedStatus: 200 | 400;
  /** For invalid bodies: whether JSON Schema alone rejects it (Prism does) or only an x-rule does (Prism answers 200). */
  readonly rejectedBy?: 'schema' | 'x-rule';
}

const month = (value: string) => ({ type: 'month', value });
const week = (value: string) => ({ type: 'week', value });
const day = (value: string) => ({ type: 'day', value });
const asc = [{ field: 'potential_index', order: 'asc' }];
const desc = [{ field: 'potential_index', order: 'desc' }];

const valid = (name: string, body: unknown): MixEntry => ({ name, body, expectedStatus: 200 });

export const REQUEST_MIX: readonly MixEntry[] = [
  valid('empty body: latest month, defaults', {}),
  valid('vendor example', {
    filter: {
      region: 'US',
      creator_category_id: 4,
      product_category_l1_id: 14,
      date_info: month('2026-03'),
      follower_count_range: { min: 500_000, max: 1_000_000 },
    },
    orderby: desc,
    page: 1,
    pagesize: 10,
  }),
  valid('GB video day p2', { filter: { region: 'GB', ecommerce_type: 1, date_info: day('2026-03-01') }, page: 2, pagesize: 20 }),
  valid('DE female 25-34 week asc 100', {
    filter: { region: 'DE', follower_gender_type: 0, follower_age_type: 2, date_info: week('2026-W08') },
    orderby: asc,
    pagesize: 100,
  }),
  valid('US month 100', { filter: { region: 'US', date_info: month('2026-10') }, pagesize: 100 }),
  valid('US month p2 50', { filter: { region: 'US', date_info: month('2026-10') }, page: 2, pagesize: 50 }),
  valid('ID month 20', { filter: { region: 'ID', date_info: month('2026-09') }, pagesize: 20 }),
  valid('BR live week', { filter: { region: 'BR', ecommerce_type: 2, date_info: week('2026-W40') }, pagesize: 10 }),
  valid('JP day', { filter: { region: 'JP', date_info: day('2026-11-01') }, pagesize: 10 }),
  valid('MX fashion month 50', { filter: { region: 'MX', creator_category_id: 1, date_info: month('2026-10') }, pagesize: 50 }),
  valid('US l3 month', { filter: { region: 'US', product_category_l3_id: 700650, date_info: month('2026-10') }, pagesize: 20 }),
  valid('VN min followers', { filter: { region: 'VN', follower_count_range: { min: 100_000 }, date_info: month('2026-08') } }),
  valid('TH week 100', { filter: { region: 'TH', date_info: week('2026-W45') }, orderby: desc, pagesize: 100 }),
  valid('PH day 20', { filter: { region: 'PH', date_info: day('2026-11-20') }, pagesize: 20 }),
  valid('US male p3', { filter: { region: 'US', follower_gender_type: 1, date_info: month('2026-10') }, page: 3, pagesize: 10 }),
  valid('GB l2', { filter: { region: 'GB', product_category_l2_id: 601002, date_info: month('2026-10') } }),
  valid('FR month asc', { filter: { region: 'FR', date_info: month('2026-07') }, orderby: asc }),
  valid('all regions beauty 100', { filter: { creator_category_id: 4, date_info: month('2026-10') }, pagesize: 100 }),
  valid('US video week 50', { filter: { region: 'US', ecommerce_type: 1, date_info: week('2026-W47') }, pagesize: 50 }),
  valid('SG month', { filter: { region: 'SG', date_info: month('2026-10') } }),
  valid('US max followers', { filter: { region: 'US', follower_count_range: { max: 50_000 }, date_info: month('2026-10') }, pagesize: 20 }),
  valid('ES day', { filter: { region: 'ES', date_info: day('2026-10-15') } }),
  valid('IT 35+ week', { filter: { region: 'IT', follower_age_type: 3, date_info: week('2026-W30') } }),
  valid('MY month 20', { filter: { region: 'MY', date_info: month('2026-06') }, pagesize: 20 }),
  valid('US last window page', { filter: { region: 'US', date_info: month('2026-10') }, page: 10, pagesize: 100 }),
  valid('US day 100', { filter: { region: 'US', date_info: day('2026-11-24') }, pagesize: 100 }),
  valid('ID health week', { filter: { region: 'ID', creator_category_id: 5, date_info: week('2026-W46') } }),
  valid('DE live month 20', { filter: { region: 'DE', ecommerce_type: 2, date_info: month('2026-10') }, pagesize: 20 }),
  valid('US 18-24 female', { filter: { region: 'US', follower_age_type: 1, follower_gender_type: 0, date_info: month('2026-09') } }),
  valid('GB p5 20', { filter: { region: 'GB', date_info: month('2026-10') }, page: 5, pagesize: 20 }),
  valid('BR food l1', { filter: { region: 'BR', product_category_l1_id: 24, date_info: month('2026-10') } }),
  valid('no filter 50', { pagesize: 50 }),
  valid('US week without W', { filter: { region: 'US', date_info: week('2026-45') } }),
  valid('JP month asc 20', { filter: { region: 'JP', date_info: month('2026-05') }, orderby: asc, pagesize: 20 }),
  valid('US follower band', {
    filter: { region: 'US', follower_count_range: { min: 10_000, max: 1_000_000 }, date_info: month('2026-10') },
  }),
  valid('VN day', { filter: { region: 'VN', date_info: day('2026-11-10') } }),
  { name: 'invalid: unknown region', body: { filter: { region: 'XX' } }, expectedStatus: 400, rejectedBy: 'schema' },
  { name: 'invalid: pagesize 101', body: { pagesize: 101 }, expectedStatus: 400, rejectedBy: 'schema' },
  { name: 'invalid: misspelt member', body: { pagesiz: 20, filter: { region: 'US' } }, expectedStatus: 400, rejectedBy: 'schema' },
  { name: 'invalid: past the 1000-row window', body: { page: 20, pagesize: 100 }, expectedStatus: 400, rejectedBy: 'x-rule' },
];

/** The body the start-up probe sends until the first 200: the vendor's example request. */
export const PROBE_BODY = JSON.stringify((REQUEST_MIX[1] as MixEntry).body);

/**
 * The mix in the order a connection walks it: the invalid entries spread evenly, the first of them first, so that a
 * connection that got any answer met the invalid part of the mix however slow the machine.
 */
export function walkOrder(): MixEntry[] {
  const valid = REQUEST_MIX.filter((entry) => entry.expectedStatus === 200);
  const invalid = REQUEST_MIX.filter((entry) => entry.expectedStatus !== 200);
  const stride = Math.ceil(valid.length / invalid.length);
  return invalid.flatMap((entry, index) => [entry, ...valid.slice(index * stride, (index + 1) * stride)]);
}

/** The mix as autocannon requests. */
export function autocannonRequests(): { method: 'POST'; path: string; headers: Record<string, string>; body: string }[] {
  return walkOrder().map((entry) => ({
    method: 'POST' as const,
    path: ENDPOINT_PATH,
    headers: { ...REQUEST_HEADERS },
    body: JSON.stringify(entry.body),
  }));
}
