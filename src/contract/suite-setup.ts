import type { SpecDocument } from '../openapi/load-spec.js';
import { createRequestValidator, type RequestValidator } from '../openapi/request-validator.js';
import { buildCases, type ContractCase } from './cases.js';
import { createExchangeJudge, type ExchangeJudge } from './judge-exchange.js';
import { specFacts, type SpecFacts } from './spec-facts.js';

/** Everything derived from a spec before a run: its facts, the compiled validators, the cases. */
export interface SuiteSetup {
  readonly facts: SpecFacts;
  readonly validate: RequestValidator;
  readonly judge: ExchangeJudge;
  readonly cases: readonly ContractCase[];
}

const setups = new WeakMap<SpecDocument, SuiteSetup>();

/** Derives (and compiles, with ajv) once per spec document; later runs in the process reuse it. */
export function suiteSetup(doc: SpecDocument): SuiteSetup {
  let setup = setups.get(doc);
  if (setup === undefined) {
    const facts = specFacts(doc);
    const validate = createRequestValidator(doc);
    setup = { facts, validate, judge: createExchangeJudge(facts, validate), cases: buildCases(facts, validate) };
    setups.set(doc, setup);
  }
  return setup;
}
