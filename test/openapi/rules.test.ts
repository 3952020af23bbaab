import t from 'tap';
import { describeSpec } from '../../src/openapi/describe.js';
import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { createRequestValidator } from '../../src/openapi/request-validator.js';
import { ruleChecks } from '../../src/openapi/rule-checks.js';
import { listRules, renderRuleMessage } from '../../src/openapi/rules.js';
import { spec, writtenRuleIds } from '../helpers/spec.js';

const withRules = (rules: unknown): SpecDocument => {
  const copy = structuredClone(spec);
  const operation = copy.paths?.['/creator/v1/rank/topPotential']?.post as Record<string, unknown>;
  if (rules === undefined) delete operation['x-rules'];
  else operation['x-rules'] = rules;
  return copy;
};
const rulesOf = (doc: SpecDocument) => listRules(doc.paths['/creator/v1/rank/topPotential']?.post ?? {});

t.test('the catalogue lists the rules JSON Schema cannot express, each with a field and a message', async (t) => {
  const rules = rulesOf(spec);
  const written = writtenRuleIds();
  t.same(
    rules.map((r) => r.id),
    written,
    'every entry of x-rules, in the order the spec writes them',
  );
  t.equal(new Set(written).size, written.length, 'ids are unique');
  for (const rule of rules) {
    t.match(rule.field, /^[a-z_.]+$/, `${rule.id} names a field path`);
    t.match(rule.message, /\{value\}/, `${rule.id} message shows the offending value`);
  }
  t.equal(rules.find((r) => r.id === 'page-window')?.limit, 1000);
});

t.test('every rule id in the spec has exactly one implementation, and no implementation lacks a rule', async (t) => {
  t.same(
    Object.keys(ruleChecks).sort(),
    rulesOf(spec)
      .map((r) => r.id)
      .sort(),
  );
});

t.test('a spec rule without implementation stops the validator from being built', async (t) => {
  const doc = withRules([...rulesOf(spec), { id: 'new-rule', field: 'page', when: 'always', description: 'd', message: 'm' }]);
  t.throws(() => createRequestValidator(describeSpec(doc)), /rule "new-rule" has no implementation/);
});

t.test('malformed x-rules are refused with the entry that is wrong', async (t) => {
  t.same(rulesOf(withRules(undefined)), []);
  t.throws(() => rulesOf(withRules({})), /must be a list/);
  t.throws(() => rulesOf(withRules([7])), /x-rules\[0\] must be a mapping/);
  t.throws(
    () => rulesOf(withRules([{ id: 'a', field: 'page', when: 'w', description: 'd' }])),
    /x-rules\[0\] needs a non-empty string "message"/,
  );
  const ok = { id: 'a', field: 'page', when: 'w', description: 'd', message: 'm' };
  t.throws(() => rulesOf(withRules([{ ...ok, limit: 'x' }])), /x-rules\[0\]\.limit must be a number/);
  t.throws(() => rulesOf(withRules([ok, ok])), /repeat the id "a"/);
});

t.test('messages fill in value and limit', async (t) => {
  const rule = { id: 'x', field: 'page', when: 'w', description: 'd', message: 'over {limit}: {value}', limit: 5 };
  t.equal(renderRuleMessage(rule, '6'), 'over 5: 6');
  t.equal(renderRuleMessage({ ...rule, message: '{value}{limit}', limit: undefined as unknown as number }, 'v'), 'v');
});
