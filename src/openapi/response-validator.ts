import type { ErrorObject } from 'ajv';
import { createSpecAjv } from './ajv.js';
import { describeAjvError, meaningfulErrors, memberOf, type Violation } from './describe-ajv-error.js';
import type { ApiDescription } from './describe.js';
import type { JsonSchema } from './json-schema.js';

/** A violation, and how many times the same rule failed at the same field of another item (`list[0]`, `list[7]`: one field). */
export interface ResponseViolation extends Violation {
  /** Absent: once. Otherwise the errors of this rule at this field, items counted as one; `field` names the first. */
  readonly count?: number;
}

export interface ResponseVerdict {
  readonly valid: boolean;
  readonly errors: readonly ResponseViolation[];
}

export type ResponseValidator = (status: number, body: unknown) => ResponseVerdict;

/**
 * Validates response bodies against the spec, per status. Every error is collected (the first only with `allErrors:
 * false`) and described once per rule and field: the same error at the same member of 10,000 items is one violation
 * with a count, so describing costs as many kinds of error as there are, whatever the items. `transform` derives a
 * stricter view of each schema (the contract suite's no-additional-properties view) without writing them again.
 */
export function createResponseValidator(
  api: ApiDescription,
  transform: (schema: JsonSchema) => JsonSchema = (schema) => schema,
  options: { readonly allErrors?: boolean } = {},
): ResponseValidator {
  const ajv = createSpecAjv(api.doc, { allErrors: options.allErrors ?? true, transform });
  const compiled = new Map(
    api.statuses.map((status) => {
      const schema = api.responseSchema(status);
      return [status, schema === undefined ? undefined : ajv.compile(transform(schema))] as const;
    }),
  );
  return (status, body) => {
    if (!compiled.has(status)) {
      return {
        valid: false,
        errors: [{ field: 'status', rule: 'status', message: `status ${status} is not documented for this operation.` }],
      };
    }
    const validate = compiled.get(status);
    if (validate === undefined || validate(body)) return { valid: true, errors: [] };
    return { valid: false, errors: groupedViolations(meaningfulErrors(validate.errors)) };
  };
}

/** Each error described once per keyword and place with item indexes as `*` (`/data/list/*`), with a count. */
function groupedViolations(errors: readonly ErrorObject[]): ResponseViolation[] {
  const groups = new Map<string, { readonly first: ErrorObject; count: number }>();
  for (const error of errors) {
    const key = `${error.keyword} ${error.instancePath.replace(/\/\d+(?=\/|$)/g, '/*')} ${String(memberOf(error))}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { first: error, count: 1 });
    else group.count++;
  }
  return [...groups.values()].map(({ first, count }) => (count === 1 ? describeAjvError(first) : { ...describeAjvError(first), count }));
}
