import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { SortOrder, TopPotentialRequest } from '../generated/types.js';
import { createSpecAjv } from './ajv.js';
import { describeAjvError, meaningfulErrors, type Violation } from './describe-ajv-error.js';
import { describeEndpoint } from './endpoint.js';
import { componentRef } from './json-schema.js';
import type { SpecDocument } from './load-spec.js';
import { ARTEFACTS, precompiledModule, type Stamped } from './precompiled.js';
import { ruleChecks, type RequestDefaults } from './rule-checks.js';
import { listRules, renderRuleMessage } from './rules.js';

export type RequestVerdict =
  | { readonly ok: true; readonly request: TopPotentialRequest }
  | { readonly ok: false; readonly violation: Violation };

export type RequestValidator = (body: unknown) => RequestVerdict;

/** Name of the request body's component schema, read from the operation. */
export function requestSchemaName(doc: SpecDocument): string {
  const body = describeEndpoint(doc).operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const ref = (body?.content['application/json']?.schema as OpenAPIV3_1.ReferenceObject | undefined)?.$ref;
  const prefix = '#/components/schemas/';
  if (!ref?.startsWith(prefix)) throw new Error("The spec's operation needs a JSON request body that $refs a component schema.");
  return ref.slice(prefix.length);
}

/** The request defaults the spec declares (`default` of the Page, PageSize and SortOrder schemas). */
export function requestDefaults(doc: SpecDocument): RequestDefaults {
  const read = (name: string, type: 'number' | 'string'): unknown => {
    const value: unknown = doc.components.schemas[name]?.default;
    if (typeof value !== type) throw new Error(`The spec's ${name} schema needs a ${type} default.`);
    return value;
  };
  return { page: read('Page', 'number') as number, pagesize: read('PageSize', 'number') as number, order: read('SortOrder', 'string') as SortOrder };
}

/** What the build writes as ARTEFACTS.requestValidator: ajv's standalone code of the validator compiled below. */
export interface PrecompiledRequestValidator extends Stamped {
  readonly validate: ValidateFunction<TopPotentialRequest>;
}

/** The request body's JSON Schema validator, compiled by an ajv from createSpecAjv. */
export function compileRequestSchema(ajv: Ajv2020, doc: SpecDocument): ValidateFunction<TopPotentialRequest> {
  return ajv.compile<TopPotentialRequest>(componentRef(requestSchemaName(doc)));
}

/**
 * The spec's verdict on a request body: JSON Schema first (compiled once, here, or by the build), then every extension rule.
 * Throws at creation when an x-rules id has no implementation, so a spec change cannot go unenforced.
 */
export function createRequestValidator(doc: SpecDocument): RequestValidator {
  const validate = precompiledModule<PrecompiledRequestValidator>(doc, ARTEFACTS.requestValidator)?.validate ?? compileRequestSchema(createSpecAjv(doc), doc);
  const defaults = requestDefaults(doc);
  const rules = listRules(doc).map((rule) => {
    const check = ruleChecks[rule.id];
    if (!check) throw new Error(`The spec's rule "${rule.id}" has no implementation in src/openapi/rule-checks.ts. Add one.`);
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
