import t from 'tap';
import { buildCases } from '../../src/contract/cases.js';
import { FILTER_SEMANTICS } from '../../src/contract/checks/filter-semantics.js';
import { deriveProbes, UNKNOWN_MEMBER } from '../../src/contract/checks/request-probes.js';
import { RULE_CASES } from '../../src/contract/checks/rule-cases.js';
import { specFacts } from '../../src/contract/spec-facts.js';
import { createRequestValidator } from '../../src/openapi/request-validator.js';
import { editedSpec, facts, validate } from '../helpers/contract.js';
import { api } from '../helpers/spec.js';

const derived = deriveProbes(facts, validate);

t.test('every x-rules id has exactly one inside and one outside case, and RULE_CASES has no id the spec lacks', async (t) => {
  const ids = api.rules.map((rule) => rule.id);
  t.same(Object.keys(RULE_CASES).sort(), [...ids].sort());
  t.same(derived.rulesWithoutCases, []);
  for (const id of ids) {
    const probes = derived.probes.filter((probe) => probe.constraint === id);
    t.same(probes.map((p) => p.side).sort(), ['inside', 'outside'], `${id} has one case on each side`);
    const outside = probes.find((p) => p.side === 'outside');
    t.equal(outside?.verdict.ok === false && outside.verdict.violation.rule, id, `${id}'s outside case breaks that rule and no other`);
  }
});

t.test('a rule the spec adds without a contract case is reported', async (t) => {
  const added = editedSpec((doc) => {
    const operation = doc.paths['/creator/v1/rank/topPotential']?.post as Record<string, unknown>;
    operation['x-rules'] = [...api.rules, { id: 'new-rule', field: 'page', when: 'always', description: 'd', message: 'm {value}' }];
  });
  t.same(deriveProbes(added, validate).rulesWithoutCases, ['new-rule']);
});

t.test('FILTER_SEMANTICS defines exactly the Filter schema properties', async (t) => {
  t.same(Object.keys(FILTER_SEMANTICS).sort(), [...facts.filterNames].sort());
  t.ok(facts.filterNames.length >= 10);
});

t.test('every probe is on the side of the spec it claims, none dropped, every keyword handled', async (t) => {
  t.same(derived.unhandledKeywords, []);
  t.same(derived.dropped, []);
  // a validator of its own, not the one the probes were derived with
  const validateFresh = createRequestValidator(api);
  for (const probe of derived.probes) {
    t.same(validateFresh(probe.body).ok, probe.side === 'inside', probe.name);
  }
  const outsideRules = derived.probes
    .filter((p) => p.side === 'outside' && !p.verdict.ok && !(p.constraint in RULE_CASES))
    .map((p) => [p.constraint.replace(/@.*/, ''), p.verdict.ok ? '' : p.verdict.violation.rule]);
  for (const [constraint, rule] of outsideRules) t.equal(rule, constraint, `an outside ${constraint} probe breaks ${constraint}`);
});

t.test('probes come from walking the request schema: bounds +-1, enum outsiders, wrong types, unknown members, formats', async (t) => {
  const bodies = (field: string, constraint: string) =>
    derived.probes.filter((p) => p.field === field && p.constraint === constraint).map((p) => [p.side, p.body]);
  t.same(bodies('pagesize', 'maximum'), [
    ['outside', { pagesize: 101 }],
    ['inside', { pagesize: 100 }],
  ]);
  // page 1000 only fits the page window with the smallest pagesize: the inside probe sets it.
  t.same(bodies('page', 'maximum'), [
    ['outside', { page: 1001 }],
    ['inside', { page: 1000, pagesize: 1 }],
  ]);
  t.same(bodies('filter.ecommerce_type', 'enum'), [
    ['inside', { filter: { ecommerce_type: 2 } }],
    ['outside', { filter: { ecommerce_type: 3 } }],
    ['inside', { filter: { ecommerce_type: 1 } }],
    ['outside', { filter: { ecommerce_type: 0 } }],
  ]);
  t.same(bodies('filter.region', 'enum'), [
    ['inside', { filter: { region: 'US' } }],
    ['outside', { filter: { region: 'us' } }],
  ]);
  t.same(bodies('filter.creator_category_id', 'type'), [['outside', { filter: { creator_category_id: '4' } }]]);
  t.same(bodies('orderby', 'type'), [['outside', { orderby: { field: 'potential_index' } }]]);
  t.same(bodies('filter', 'additionalProperties'), [['outside', { filter: { [UNKNOWN_MEMBER]: 1 } }]]);
  t.same(bodies('filter.date_info', 'required').length, 2);
  t.same(bodies('filter.date_info.value', 'pattern@week'), [
    ['inside', { filter: { date_info: { type: 'week', value: '2026-03' } } }],
    ['inside', { filter: { date_info: { type: 'week', value: '2026-W08' } } }],
    ['outside', { filter: { date_info: { type: 'week', value: '2026-03-01' } } }],
  ]);
  // The inside probe of date_info.type "day" needs a day value: it takes the example's parent that has it.
  t.notOk(
    derived.probes.some((p) => p.field === 'filter.date_info.type' && p.side === 'inside'),
    'same body as the day format probe, sent once',
  );
  const keys = derived.probes.map((p) => JSON.stringify(p.body));
  t.equal(new Set(keys).size, keys.length, 'no body is sent twice');
});

t.test('a keyword the walk cannot probe is reported, wherever it appears', async (t) => {
  const changed = editedSpec((doc) => {
    const schemas = doc.components.schemas;
    (schemas['PageSize'] as Record<string, unknown>)['multipleOf'] = 5;
    const dateInfo = schemas['DateInfo'] as { allOf: Record<string, unknown>[] };
    (dateInfo.allOf[0] as Record<string, unknown>)['else'] = {};
    (
      (dateInfo.allOf[1] as { then: { properties: Record<string, Record<string, unknown>> } }).then.properties['value'] as Record<
        string,
        unknown
      >
    )['minLength'] = 7;
    dateInfo.allOf.push({ required: ['type'] });
  });
  t.same([...deriveProbes(changed, validate).unhandledKeywords].sort(), [
    'filter.date_info.value: then minLength',
    'filter.date_info: allOf else',
    'filter.date_info: allOf required',
    'pagesize: multipleOf',
  ]);
});

t.test('derivation follows the spec: a new enum filter gets probes; a pattern without examples still gets an outsider', async (t) => {
  const changed = editedSpec((doc) => {
    const filter = doc.components.schemas['Filter'] as { properties: Record<string, unknown> };
    filter.properties['shop_tier'] = { type: 'string', enum: ['gold', 'GOLD', 'silver'] };
    filter.properties['handle'] = { type: 'string', pattern: '^@[a-z]+$' };
    filter.properties['extra'] = { type: 'object' };
    filter.properties['note'] = { type: 'string', pattern: '.*' };
    const dateInfo = doc.components.schemas['DateInfo'] as { allOf: { then: { properties: Record<string, unknown> } }[] };
    (dateInfo.allOf[0] as { then: { properties: Record<string, unknown> } }).then.properties['type'] = { enum: ['day'] };
  });
  const probes = deriveProbes(changed, createRequestValidator(changed));
  const bodies = (field: string, constraint: string) =>
    probes.probes.filter((p) => p.field === field && p.constraint === constraint).map((p) => p.body);
  t.same(
    bodies('filter.shop_tier', 'enum'),
    [{ filter: { shop_tier: 'gold' } }, { filter: { shop_tier: 'gold_x' } }],
    'the toggled case is a member, so the outsider is made up',
  );
  t.same(bodies('filter.handle', 'pattern'), [{ filter: { handle: 'x' } }], 'no example matches: only the outside probe');
  t.same(probes.unhandledKeywords, ['filter.date_info.type: then enum']);
  t.same(bodies('filter.extra', 'type'), [{ filter: { extra: [] } }], 'a free-form object: only its type is probed');
  t.same(probes.dropped, ['filter.note pattern outside: "x"'], 'a pattern nothing breaks has no outside probe; it is named');
  const cases = buildCases(changed, createRequestValidator(changed));
  const undefinedFilter = cases.find((c) => c.name === 'semantics: filter.shop_tier');
  t.same(await undefinedFilter?.run({} as never), {
    outcome: 'inconclusive',
    note: 'the suite has no definition of its meaning (add one to FILTER_SEMANTICS)',
  });
});

t.test('the auth probes follow the security scheme: another scheme is always one it is not', async (t) => {
  const basic = editedSpec((doc) => {
    const schemes = doc.components.securitySchemes as Record<string, { scheme: string }>;
    (schemes['bearerAuth'] as { scheme: string }).scheme = 'basic';
  });
  t.same(
    buildCases(basic, validate)
      .filter((c) => c.category === 'auth')
      .map((c) => c.name),
    [
      'auth: no Authorization header is refused with HTTP 401, code 30001',
      'auth: another scheme (Bearer) is refused with HTTP 401, code 30001',
      'auth: an empty Basic token is refused with HTTP 401, code 30001',
      'auth: signed query parameters with made-up values (client_id, access_token, timestamp, sign) is refused with HTTP 401, code 30001',
    ],
  );
});

t.test('facts are read from the spec, and a spec without what the suite needs is refused', async (t) => {
  t.equal(facts.method, 'POST');
  t.equal(facts.path, '/creator/v1/rank/topPotential');
  t.same(facts.authRefusal, { status: 401, code: 30001 });
  t.equal(facts.parameterErrorCode, 10001);
  t.equal(facts.rateLimitCode, 30003);
  t.equal(facts.quotaCode, 30002);
  t.match(facts.statusesByCode.get(10001), [400, 408, 413, 415, 431], 'a parameter error comes with any of its documented statuses');
  t.same(facts.statusesByCode.get(0), [200]);
  t.same(facts.sortOrders, ['desc', 'asc']);
  t.throws(() => api.resolveSchema({ $ref: '#/components/schemas/Nope' }), /#\/components\/schemas\/Nope does not resolve/);
  t.throws(
    () => editedSpec((doc) => delete (doc.components as { securitySchemes?: unknown }).securitySchemes),
    /The spec's security names "bearerAuth", which components.securitySchemes does not define/,
  );
  t.throws(
    () => editedSpec((doc) => (doc.security = [{ clientId: [], accessToken: [], requestTimestamp: [], requestSign: [] }])),
    /needs an http security scheme/,
  );
  t.throws(
    () => editedSpec((doc) => delete (doc.components.schemas['SortOrder'] as { enum?: unknown }).enum),
    /SortOrder schema needs an enum/,
  );
  t.throws(
    () =>
      editedSpec((doc) => {
        const error = (doc.components.responses as Record<string, { content: Record<string, { schema: unknown }> }>)['ParameterError'];
        (error?.content['application/json'] as { schema: unknown }).schema = { $ref: '#/components/schemas/ErrorEnvelope' };
      }),
    /400 response pins no "code"/,
  );
  const loose = editedSpec((doc) => {
    const error = (doc.components.responses as Record<string, { content: Record<string, { schema: unknown }> }>)['ServiceError'];
    (error?.content['application/json'] as { schema: unknown }).schema = { $ref: '#/components/schemas/ErrorEnvelope' };
  });
  t.equal(loose.statusesByCode.get(40001), undefined, 'a status whose schema pins no code only goes without a code check');
  t.ok(specFacts(api).requestExamples.length >= 3);
});

t.test('a probe the spec puts on the other side than intended is dropped and named, never sent with a wrong verdict', async (t) => {
  const changed = editedSpec((doc) => {
    // The schema now refuses month 13 itself, so month-in-range's outside case breaks "pattern", not the rule.
    const dateInfo = doc.components.schemas['DateInfo'] as { allOf: { then: { properties: { value: { pattern: string } } } }[] };
    (dateInfo.allOf[2] as { then: { properties: { value: { pattern: string } } } }).then.properties.value.pattern =
      '^[0-9]{4}-(0[1-9]|1[0-2])$';
    // pagesize 2000 breaks page-window whatever page is: no inside probe of this maximum can exist.
    (doc.components.schemas['PageSize'] as Record<string, unknown>)['maximum'] = 2000;
  });
  const probes = deriveProbes(changed, createRequestValidator(changed));
  t.same(probes.dropped, [
    'pagesize maximum inside: 2000',
    'filter.date_info.value month-in-range outside: {"filter":{"date_info":{"type":"month","value":"2026-13"}}}',
  ]);
  t.notOk(probes.probes.some((p) => p.constraint === 'month-in-range' && p.side === 'outside'));
});

t.test('rule cases read their limit from the rule', async (t) => {
  const rule = api.rules.find((r) => r.id === 'page-window');
  t.same(RULE_CASES['page-window']?.({ ...(rule as NonNullable<typeof rule>), limit: 50 }, facts), {
    inside: { page: 5, pagesize: 10 },
    outside: { page: 6, pagesize: 10 },
  });
  const { limit: _limit, ...unlimited } = rule as NonNullable<typeof rule>;
  t.same(RULE_CASES['page-window']?.(unlimited, facts), { inside: { page: 0, pagesize: 10 }, outside: { page: 1, pagesize: 10 } });
});

t.test('a spec without request examples or without an enum still gives values to ask for', async (t) => {
  const bare = editedSpec((doc) => {
    const operation = doc.paths['/creator/v1/rank/topPotential']?.post as {
      requestBody: { content: Record<string, Record<string, unknown>> };
    };
    delete operation.requestBody.content['application/json']?.['examples'];
    delete (doc.components.schemas['Region'] as Record<string, unknown>)['enum'];
  });
  t.same(bare.requestExamples, []);
  t.same(FILTER_SEMANTICS['region']?.values({ facts: bare, baselineItems: [{ creator: {} }, { creator: { region: 'JP' } }] }), ['JP']);
  t.same(
    FILTER_SEMANTICS['region']?.values({ facts: bare, baselineItems: [] }),
    [undefined],
    'no value: the case says so instead of sending',
  );
  const probes = deriveProbes(bare, createRequestValidator(bare));
  t.same(
    probes.dropped,
    ['filter.date_info.type enum inside: "day"'],
    'without an example of a day, "day" cannot be put inside; it is named',
  );
  t.notOk(
    probes.probes.some((p) => p.constraint.startsWith('pattern') && p.side === 'inside'),
    'no format has an example to send',
  );
});
