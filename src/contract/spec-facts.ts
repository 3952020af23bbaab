import { SpecError } from '../openapi/spec-error.js';
import type { ApiDescription } from '../openapi/describe.js';
import { oncePer } from '../once-per.js';
import { requestValidatorFor, type RequestValidator } from '../openapi/request-validator.js';
import { buildCases, type ContractCase } from './cases.js';
import { createExchangeJudge, type ExchangeJudge } from './checks/judge-exchange.js';

/**
 * What the suite knows about the endpoint: the spec's description, plus the roles the suite gives some of its
 * statuses (the answers it must tell apart to judge, back off or stop).
 */
export interface SpecFacts extends ApiDescription {
  /** Code of a parameter error (the 400 answer). */
  readonly parameterErrorCode: number;
  /** Status and code of a refused credential (the 401 answer). */
  readonly authRefusal: { readonly status: number; readonly code: number };
  /** Code of the rate limit (the 429 answer): back off and retry. */
  readonly rateLimitCode: number;
  /** Code of the used-up quota (the 403 answer): stop, nothing more can be learnt. */
  readonly quotaCode: number;
  /** Scheme of the http security scheme, e.g. bearer. */
  readonly authScheme: string;
}

/** The suite's facts of a spec, read once per description. */
export const specFacts: (api: ApiDescription) => SpecFacts = oncePer((api) => {
  const codeFor = (status: number): number => {
    const code = api.codeForStatus(status);
    if (code === undefined)
      throw new SpecError(`The spec's ${status} response pins no "code": the contract suite needs it to judge answers.`);
    return code;
  };
  const { httpScheme } = api.security;
  if (httpScheme === undefined) throw new SpecError('The spec needs an http security scheme (bearer): the contract suite probes it.');
  return {
    ...api,
    parameterErrorCode: codeFor(400),
    authRefusal: { status: 401, code: codeFor(401) },
    rateLimitCode: codeFor(429),
    quotaCode: codeFor(403),
    authScheme: httpScheme,
  };
});

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
