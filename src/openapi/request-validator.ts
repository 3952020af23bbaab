import { SpecError } from './spec-error.js';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { TopPotentialRequest } from '../generated/types.js';
import { createSpecAjv } from './ajv.js';
import { describeAjvError, meaningfulErrors, type Violation } from './describe-ajv-error.js';
import type { ApiDescription } from './describe.js';
import { componentRef } from './json-schema.js';
import { ARTEFACTS, precompiledModule, type Stamped } from './precompiled.js';
import { oncePer } from '../once-per.js';
import { ruleChecks } from './rule-checks.js';
import { renderRuleMessage } from './rules.js';

export type RequestVerdict =
  { readonly ok: true; readonly request: TopPotentialRequest } | { readonly ok: false; readonly violation: Violation };

export type RequestValidator = (body: unknown) => RequestVerdict;

/** What the build writes as ARTEFACTS.requestValidator: ajv's standalone code of the validator compiled below. */
export interface PrecompiledRequestValidator extends Stamped {
  readonly validate: ValidateFunction<TopPotentialRequest>;
}

/** The request body's JSON Schema validator, compiled by an ajv from createSpecAjv. */
export function compileRequestSchema(ajv: Ajv2020, api: ApiDescription): ValidateFunction<TopPotentialRequest> {
  return ajv.compile<TopPotentialRequest>(componentRef(api.requestSchemaName));
}

/** The request validator of a spec, compiled once per description (the fake, the suite and the recorder share it). */
export const requestValidatorFor: (api: ApiDescription) => RequestValidator = oncePer((api) => createRequestValidator(api));

/**
 * The spec's verdict on a request body: JSON Schema first (compiled once, here, or by the build), then every extension rule.
 * Throws at creation when an x-rules id has no implementation, so a spec change cannot go unenforced.
 */
export function createRequestValidator(api: ApiDescription): RequestValidator {
  const validate =
    precompiledModule<PrecompiledRequestValidator>(api.doc, ARTEFACTS.requestValidator)?.validate ??
    compileRequestSchema(createSpecAjv(api.doc), api);
  const { defaults } = api;
  const rules = api.rules.map((rule) => {
    const check = ruleChecks[rule.id];
    if (!check) throw new SpecError(`The spec's rule "${rule.id}" has no implementation in src/openapi/rule-checks.ts. Add one.`);
    return { rule, check };
  });
  return (body) => {
    if (!validate(body)) {
      const [first] = meaningfulErrors(validate.errors);
      /* c8 ignore next */
      if (!first) return { ok: false, violation: { field: 'body', rule: 'schema', message: 'body is invalid.' } };
      return { ok: false, violation: describeAjvError(first) };
    }
    for (const { rule, check } of rules) {
      const value = check(body, rule, defaults);
      if (value !== undefined) {
        return { ok: false, violation: { field: rule.field, rule: rule.id, message: renderRuleMessage(rule, value) } };
      }
    }
    return { ok: true, request: body };
  };
}
