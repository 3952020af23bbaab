import type { TopPotentialRequest } from '../generated/types.js';
import { daysInMonth, isoWeeksInYear } from '../calendar.js';
import type { RequestDefaults } from './describe.js';
import { withDefaults } from './request-defaults.js';
import type { ExtensionRule } from './rules.js';

/**
 * Checks one extension rule against a request that already passed the JSON Schema. Returns the offending value,
 * written for the rule's message, when the rule is broken; undefined when it holds or does not apply.
 */
export type RuleCheck = (request: TopPotentialRequest, rule: ExtensionRule, defaults: RequestDefaults) => string | undefined;

const numbers = (text: string): number[] => text.split(/-W?/).map(Number);

/** The implementation of every rule id in the spec's x-rules; a test keeps the two sets equal. */
export const ruleChecks: Readonly<Record<string, RuleCheck>> = {
  'page-window': (request, rule, defaults) => {
    const { page, pagesize } = withDefaults(request, defaults);
    const limit = rule.limit ?? Number.POSITIVE_INFINITY;
    return page * pagesize > limit ? `${page} * ${pagesize} = ${page * pagesize}` : undefined;
  },
  'follower-range-order': (request) => {
    const range = request.filter?.follower_count_range;
    if (range?.min === undefined || range.max === undefined || range.min <= range.max) return undefined;
    return `min ${range.min} > max ${range.max}`;
  },
  'day-is-calendar-date': (request) => {
    const info = request.filter?.date_info;
    if (info?.type !== 'day') return undefined;
    const [year = 0, month = 0, day = 0] = numbers(info.value);
    const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
    return valid ? undefined : info.value;
  },
  'week-exists': (request) => {
    const info = request.filter?.date_info;
    if (info?.type !== 'week') return undefined;
    const [year = 0, week = 0] = numbers(info.value);
    return week >= 1 && week <= isoWeeksInYear(year) ? undefined : info.value;
  },
  'month-in-range': (request) => {
    const info = request.filter?.date_info;
    if (info?.type !== 'month') return undefined;
    const [, month = 0] = numbers(info.value);
    return month >= 1 && month <= 12 ? undefined : info.value;
  },
};
