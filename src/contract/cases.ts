import { showValue } from '../openapi/describe-ajv-error.js';
import type { RequestValidator } from '../openapi/request-validator.js';
import { ContractSetupError } from './contract-errors.js';
import { showMessage } from './show-message.js';
import type { RecordedExchange } from './exchange.js';
import { FILTER_SEMANTICS, type FilterContext } from './checks/filter-semantics.js';
import { dig } from './json-value.js';
import type { Observation } from './findings.js';
import type { ProbeRequest } from './http-client.js';
import type { Judgement } from './checks/judge-exchange.js';
import { deriveProbes, type ValidationProbe } from './checks/request-probes.js';
import type { SpecFacts } from './spec-facts.js';

export type CaseCategory = 'baseline' | 'auth' | 'validation' | 'semantics' | 'pagination';

/** What a case reports itself; the runner turns it into failed when any drift was observed. */
export interface CaseVerdict {
  readonly outcome: 'passed' | 'inconclusive';
  readonly note?: string;
}

export interface SentExchange {
  readonly exchange: RecordedExchange;
  readonly judgement: Judgement;
}

/** What a case may do: send probes (each answer judged on its own by the runner) and add its own observations. */
export interface CaseContext {
  readonly facts: SpecFacts;
  /** `field`/`rule`: what the request probes, named in a finding if the target refuses a request the spec accepts. */
  send(probe: ProbeRequest, about?: { readonly field: string; readonly rule?: string }): Promise<SentExchange>;
  observe(observation: Observation, exchange: RecordedExchange): void;
  readonly baseline: BaselineView | undefined;
  setBaseline(view: BaselineView): void;
}

/** The answer to the default query, which later cases build on. */
export interface BaselineView {
  readonly items: readonly unknown[];
  readonly total: unknown;
  readonly period?: { readonly type: string; readonly value: string };
}

export interface ContractCase {
  readonly name: string;
  readonly category: CaseCategory;
  /** Cases of one group are spread over rounds by the planner; see planner.ts. */
  readonly group: string;
  /** Requests the case sends at most. */
  readonly cost: number;
  run(context: CaseContext): Promise<CaseVerdict>;
}

const passed: CaseVerdict = { outcome: 'passed' };
const inconclusive = (note: string): CaseVerdict => ({ outcome: 'inconclusive', note });
const withKey = (body: unknown): ProbeRequest => ({ authorization: 'key', body });

/** The baseline: the default query (an empty body), which every later case builds on. */
function baselineCase(): ContractCase {
  return {
    name: 'baseline: the default query ({}) conforms to the spec',
    category: 'baseline',
    group: 'baseline',
    cost: 1,
    async run(context) {
      const sent = await context.send(withKey({}));
      const { disposition } = sent.judgement;
      const body = sent.exchange.response.body;
      if (dig(body, 'code') === context.facts.authRefusal.code) {
        throw new ContractSetupError(
          `The target refused the API key (${sent.judgement.answer}): ${showMessage(dig(body, 'message'))} Check --token or FASTMOSS_API_KEY.`,
        );
      }
      if (disposition !== 'accepted') return inconclusive(`the default query was not answered with a page (${sent.judgement.answer})`);
      const data = dig(body, 'data');
      const list = dig(data, 'list');
      const items = Array.isArray(list) ? list : [];
      const type = dig(data, 'date_type');
      const value = dig(data, 'date_value');
      context.setBaseline({
        items,
        total: dig(data, 'total'),
        ...(typeof type === 'string' && typeof value === 'string' ? { period: { type, value } } : {}),
      });
      return items.length > 0 ? passed : inconclusive('the default query returned no items, so no item could be checked');
    },
  };
}

/**
 * Requests the security schemes must refuse: no credentials, another scheme, an empty token, and, when the spec lists
 * the signed query form, its parameters with made-up values (none carries the key).
 */
function authCases(facts: SpecFacts): ContractCase[] {
  const scheme = facts.authScheme.charAt(0).toUpperCase() + facts.authScheme.slice(1);
  const otherScheme = scheme === 'Basic' ? 'Bearer' : 'Basic';
  const variants: [string, Omit<ProbeRequest, 'body'>][] = [
    ['no Authorization header', { authorization: 'none' }],
    [`another scheme (${otherScheme})`, { authorization: { value: `${otherScheme} Y29udHJhY3Q6cHJvYmU=` } }],
    [`an empty ${scheme} token`, { authorization: { value: `${scheme} ` } }],
  ];
  if (facts.security.signedQuery !== undefined) {
    const query = Object.fromEntries(facts.security.signedQuery.map((name) => [name, 'contract-probe']));
    variants.push([
      `signed query parameters with made-up values (${facts.security.signedQuery.join(', ')})`,
      { authorization: 'none', query },
    ]);
  }
  const { status, code } = facts.authRefusal;
  return variants.map(([what, credentials]) => ({
    name: `auth: ${what} is refused with HTTP ${status}, code ${code}`,
    category: 'auth',
    group: 'auth',
    cost: 1,
    async run(context) {
      const sent = await context.send({ ...credentials, body: {} });
      const got = dig(sent.exchange.response.body, 'code');
      const expected = `refused with HTTP ${status}, code ${code}`;
      if (sent.judgement.disposition === 'accepted') {
        context.observe(
          {
            kind: 'auth-not-enforced',
            path: 'headers.authorization',
            rule: what,
            expected,
            observed: `accepted (${sent.judgement.answer})`,
          },
          sent.exchange,
        );
      } else if (Number.isInteger(got) && got !== code && sent.exchange.response.status < 500) {
        context.observe(
          { kind: 'auth-refusal-code', path: '$.code', rule: what, expected, observed: sent.judgement.answer },
          sent.exchange,
        );
      }
      return passed;
    },
  }));
}

/** Within a field's group: its x-rules first, then bounds (enum, minimum, ...), then a wrong type, then the shape; outside before inside. */
function probePriority(constraint: string, ruleIds: ReadonlySet<string>): number {
  if (ruleIds.has(constraint)) return 0;
  if (constraint === 'type') return 2;
  return constraint === 'additionalProperties' || constraint === 'required' ? 3 : 1;
}

/** One case per validation probe: the spec's verdict against what the target did (the runner's judge compares). */
function validationCases(facts: SpecFacts, validate: RequestValidator): ContractCase[] {
  const ruleIds = new Set(facts.rules.map((rule) => rule.id));
  const probes = deriveProbes(facts, validate).probes;
  const fields = [...new Set(probes.map((probe) => probe.field))];
  const rank = (probe: ValidationProbe): number =>
    fields.indexOf(probe.field) * 10 + probePriority(probe.constraint, ruleIds) * 2 + (probe.side === 'outside' ? 0 : 1);
  const sorted = [...probes].sort((a, b) => rank(a) - rank(b));
  return sorted.map((probe) => ({
    name: `validation: ${probe.name} is ${probe.verdict.ok ? 'accepted' : 'refused'}`,
    category: 'validation',
    group: `validation ${probe.field}`,
    cost: 1,
    async run(context) {
      const sent = await context.send(withKey(probe.body), { field: probe.field, rule: probe.constraint });
      return sent.judgement.disposition === 'other'
        ? inconclusive(`neither accepted nor refused as a parameter error (${sent.judgement.answer})`)
        : passed;
    },
  }));
}

function filterContext(facts: SpecFacts, baseline: BaselineView | undefined): FilterContext {
  return { facts, baselineItems: baseline?.items ?? [], ...(baseline?.period ? { baselinePeriod: baseline.period } : {}) };
}

/** Per filter of the Filter schema, one request per value worth asking; each returned item judged by FILTER_SEMANTICS. */
function semanticsCases(facts: SpecFacts): ContractCase[] {
  return facts.filterNames.flatMap((name): ContractCase[] => {
    const semantics = FILTER_SEMANTICS[name];
    const group = `semantics filter.${name}`;
    if (semantics === undefined || semantics.unjudgeable !== undefined) {
      const why = semantics?.unjudgeable ?? 'the suite has no definition of its meaning (add one to FILTER_SEMANTICS)';
      return [{ name: `semantics: filter.${name}`, category: 'semantics', group, cost: 0, run: () => Promise.resolve(inconclusive(why)) }];
    }
    // Enum filters ask every value; the others one value, read from the baseline when it has run.
    const count = Math.max(1, semantics.values(filterContext(facts, undefined)).length);
    return Array.from({ length: count }, (_, index) => ({
      name: `semantics: filter.${name} (value ${index + 1} of ${count}) is honoured`,
      category: 'semantics',
      group,
      cost: 1,
      async run(context) {
        const value = semantics.values(filterContext(facts, context.baseline))[index];
        if (value === undefined) return inconclusive(`no value to ask for filter.${name}: the default query returned none`);
        const sent = await context.send(withKey({ filter: { [name]: value } }), { field: `filter.${name}` });
        if ((sent.judgement.judged[`filter.${name}`] ?? 0) > 0) return { outcome: 'passed', note: `filter.${name} = ${showValue(value)}` };
        return inconclusive(
          `nothing to judge for filter.${name} = ${showValue(value)} (${sent.judgement.answer}, ${itemCount(sent)} items)`,
        );
      },
    }));
  });
}

const itemCount = (sent: SentExchange): number => {
  const list = dig(sent.exchange.response.body, 'data', 'list');
  return Array.isArray(list) ? list.length : 0;
};

/** Every order the spec allows, asked explicitly; the runner's page judge checks the order of each answer. */
function sortCases(facts: SpecFacts): ContractCase[] {
  return facts.sortOrders.map((order) => ({
    name: `semantics: orderby ${facts.defaults.sortField} ${order} ranks the list`,
    category: 'semantics',
    group: 'semantics sort',
    cost: 1,
    async run(context) {
      const sent = await context.send(withKey({ orderby: [{ field: facts.defaults.sortField, order }] }), { field: 'orderby' });
      return (sent.judgement.judged['sort'] ?? 0) > 0
        ? passed
        : inconclusive(`fewer than two ranked items to compare (${sent.judgement.answer})`);
    },
  }));
}

/**
 * Two half pages against the baseline's full default page: the same total on every page, no item on both
 * halves, and the halves together are the full page (tie order aside).
 */
function paginationCase(facts: SpecFacts): ContractCase {
  const half = Math.max(1, Math.floor(facts.defaults.pagesize / 2));
  return {
    name: `semantics: pages 1 and 2 of pagesize ${half} do not overlap and make up page 1 of pagesize ${facts.defaults.pagesize}`,
    category: 'pagination',
    group: 'semantics pagination',
    cost: 2,
    async run(context) {
      const baseline = context.baseline;
      if (baseline === undefined || baseline.items.length === 0) return inconclusive('the default query returned no items to page through');
      const first = await context.send(withKey({ page: 1, pagesize: half }), { field: 'pagesize' });
      const second = await context.send(withKey({ page: 2, pagesize: half }), { field: 'page' });
      const pages = [first, second].map((sent) => dig(sent.exchange.response.body, 'data'));
      const lists = pages.map((data) => dig(data, 'list'));
      if (!lists.every(Array.isArray))
        return inconclusive(`a half page was not answered with a list (${first.judgement.answer}; ${second.judgement.answer})`);
      const [one, two] = lists as unknown[][] as [unknown[], unknown[]];
      const observe = (rule: string, expected: string, observed: string, path: string, exchange: RecordedExchange): void =>
        context.observe({ kind: 'semantics-pagination', path, rule, expected, observed }, exchange);

      const sent = [first, second];
      pages.forEach((data, index) => {
        const total = dig(data, 'total');
        if (String(total) === String(baseline.total)) return;
        const observed = `total ${showValue(total)} on page ${index + 1}`;
        observe(
          'total stable',
          `total ${showValue(baseline.total)} on every page`,
          observed,
          '$.data.total',
          (sent[index] as SentExchange).exchange,
        );
      });
      const uid = (item: unknown): unknown => dig(item, 'uid');
      const firstUids = new Set(one.map(uid));
      const shared = two.map(uid).filter((id) => firstUids.has(id));
      if (shared.length > 0) {
        observe(
          'no overlap',
          'no item on both pages',
          `${shared.length} item(s) on pages 1 and 2, e.g. uid ${showValue(shared[0])}`,
          '$.data.list',
          second.exchange,
        );
      }
      const whole = baseline.items.slice(0, 2 * half);
      const joined = [...one, ...two];
      const key = (items: readonly unknown[]): string => JSON.stringify(items.map(uid).map(String).sort());
      const ranks = (items: readonly unknown[]): string => JSON.stringify(items.map((item) => dig(item, facts.defaults.sortField)));
      if (shared.length === 0 && (key(joined) !== key(whole) || ranks(joined) !== ranks(whole))) {
        observe(
          'concatenation',
          `pages 1 and 2 together equal to page 1 of pagesize ${facts.defaults.pagesize} (${whole.length} items)`,
          `${joined.length} items, ${showValue(joined.map(uid))} instead of ${showValue(whole.map(uid))}`,
          '$.data.list',
          second.exchange,
        );
      }
      return passed;
    },
  };
}

/** Every case the spec gives, in no particular order (the planner orders them). */
export function buildCases(facts: SpecFacts, validate: RequestValidator): ContractCase[] {
  return [
    baselineCase(),
    ...authCases(facts),
    ...validationCases(facts, validate),
    ...semanticsCases(facts),
    ...sortCases(facts),
    paginationCase(facts),
  ];
}
