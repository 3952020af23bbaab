import type { ApiDescription } from '../openapi/describe.js';
import { oncePer } from '../once-per.js';
import { requestValidatorFor, type RequestValidator } from '../openapi/request-validator.js';
import { buildCases, type ContractCase } from './cases.js';
import { createExchangeJudge, type ExchangeJudge } from './checks/judge-exchange.js';
import { specFacts, type SpecFacts } from './spec-facts.js';

/** Everything derived from a spec before a run: its facts, the compiled validators, the cases. */
export interface SuiteSetup {
  readonly facts: SpecFacts;
  readonly validate: RequestValidator;
  readonly judge: ExchangeJudge;
  readonly cases: readonly ContractCase[];
}

/** Derives (and compiles, with ajv) once per spec; later runs in the process reuse it. */
export const suiteSetup: (api: ApiDescription) => SuiteSetup = oncePer((api) => {
  const facts = specFacts(api);
  const validate = requestValidatorFor(api);
  return { facts, validate, judge: createExchangeJudge(facts, validate), cases: buildCases(facts, validate) };
});
