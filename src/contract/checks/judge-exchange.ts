import { showValue } from '../../openapi/describe-ajv-error.js';
import { showMessage } from '../show-message.js';
import { requestValidatorFor, type RequestValidator } from '../../openapi/request-validator.js';
import { createResponseValidator, type ResponseValidator, type ResponseViolation } from '../../openapi/response-validator.js';
import type { RecordedExchange } from '../exchange.js';
import { findingId, type FindingKind, type Observation } from '../findings.js';
import { dig } from '../json-value.js';
import { judgePage } from './judge-page.js';
import type { SpecFacts } from '../spec-facts.js';
import { forbidUndocumented } from './strict-view.js';

/** How the target treated the request. */
export type Disposition = 'accepted' | 'rejected' | 'other';

export interface Judgement {
  readonly observations: readonly Observation[];
  /** accepted: HTTP 200 and code 0; rejected: the parameter-error code; other: anything else. */
  readonly disposition: Disposition;
  /** Items (or pages) each semantic check could judge, by check (`filter.region`, `sort`, ...). */
  readonly judged: Readonly<Record<string, number>>;
  /** Whether the spec accepts the request (no body read as `{}`). */
  readonly requestValid: boolean;
  /** `HTTP 400, code 40001`: the answer in a few words, for a finding or a note. */
  readonly answer: string;
}

/** What a request probes: named by a finding when the target refuses a request the spec accepts. */
export interface ProbeFocus {
  readonly field: string;
  readonly rule?: string;
}

export type ExchangeJudge = (exchange: RecordedExchange, focus?: ProbeFocus) => Judgement;

/**
 * Most JSON values (objects, lists, members and items, nested ones included) an answer may hold to have every schema
 * violation listed. A full page of this API holds about 7,000 (100 items of about 70 values): this is about three.
 * ajv makes one error per rule broken at each value, so an answer of many small broken items (`[{}, {}, ...]`: 14
 * errors per 3 bytes) would cost time and memory far beyond its size. Past this, the answer is checked against the
 * schema up to its first violation (still every value, in time linear in its size, no error kept), and a
 * `body-too-large` finding says so.
 */
export const MAX_JUDGED_VALUES = 20_000;

/** Whether a parsed JSON value holds more than `limit` values; counted without recursion, and never past the limit. */
export function holdsMoreValues(value: unknown, limit: number): boolean {
  let seen = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (++seen > limit) return true;
    if (typeof current === 'object' && current !== null) {
      const children = Array.isArray(current) ? current : Object.values(current);
      if (seen + stack.length + children.length > limit) return true;
      for (const child of children) stack.push(child);
    }
  }
  return false;
}

/** `data.list[3].uid` -> `$.data.list[*].uid`: one path for every item. */
export function jsonPath(field: string, concrete = false): string {
  const path = field === 'body' ? '$' : `$.${field}`;
  return concrete ? path : path.replace(/\[\d+\]/g, '[*]');
}

/** Type and value of a JSON value, for "observed". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  const type = Array.isArray(value) ? 'array' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
  return `${type} ${showValue(value)}`;
}

/** The value a violation's field names (`data.list[0].uid`) inside a body. */
export function valueAt(body: unknown, field: string): unknown {
  if (field === 'body') return body;
  const keys = field.split(/\.|\[(\d+)\]/).filter((key) => key !== undefined && key !== '');
  return dig(body, ...keys);
}

const KIND_BY_KEYWORD: Readonly<Record<string, FindingKind>> = {
  required: 'schema-missing-field',
  type: 'schema-type',
  enum: 'schema-enum',
  const: 'schema-enum',
  format: 'schema-format',
  pattern: 'schema-format',
};

function schemaObservation(violation: ResponseViolation, body: unknown): Observation {
  const general = violation.message.replaceAll(violation.field, violation.field.replace(/\[\d+\]/g, '[*]'));
  return {
    kind: KIND_BY_KEYWORD[violation.rule] ?? 'schema-constraint',
    path: jsonPath(violation.field),
    rule: violation.rule,
    expected: (general.split(': got ')[0] as string).replace(/\.$/, ''),
    observed: describeValue(valueAt(body, violation.field)),
    at: jsonPath(violation.field, true),
    ...counted(violation),
  };
}

/** `{ count }` when more than one, as observations say it. */
const counted = ({ count }: { readonly count?: number | undefined }): { count?: number } => (count === undefined ? {} : { count });

/**
 * Observations of one answer with the same id (kind, path, rule) as one, counted, the first kept: a page whose 10,000
 * items each break the sort order is one observation, so that what is done with each (a log line, a header, a
 * recording's list) costs the kinds of finding, not the items.
 */
export function groupObservations(observations: readonly Observation[]): Observation[] {
  const groups = new Map<string, { first: Observation; count: number }>();
  for (const observation of observations) {
    const id = findingId(observation);
    const group = groups.get(id);
    if (group === undefined) groups.set(id, { first: observation, count: observation.count ?? 1 });
    else group.count += observation.count ?? 1;
  }
  return [...groups.values()].map(({ first, count }) => (count === 1 ? first : { ...first, count }));
}

/**
 * Judges one exchange on its own, live or recorded: status and content type, the envelope, the body against the
 * spec's schema for its status (ajv, every error), members the spec does not describe, server errors, the
 * target's acceptance against the spec's verdict on the request, and for a successful page of a request the spec
 * accepts, the page's semantics.
 */
export function createExchangeJudge(facts: SpecFacts, validateRequest: RequestValidator = requestValidatorFor(facts)): ExchangeJudge {
  const documented = facts.statuses;
  const loose: ResponseValidator = createResponseValidator(facts);
  const strict: ResponseValidator = createResponseValidator(facts, forbidUndocumented);
  // Compiled on the first answer too large to list every violation of.
  let firstOnly: { readonly loose: ResponseValidator; readonly strict: ResponseValidator } | undefined;
  const firstOnlyValidators = () =>
    (firstOnly ??= {
      loose: createResponseValidator(facts, undefined, { allErrors: false }),
      strict: createResponseValidator(facts, forbidUndocumented, { allErrors: false }),
    });
  const serviceErrorCodes = new Set(
    [...facts.statusesByCode].filter(([, statuses]) => statuses.some((s) => s >= 500)).map(([code]) => code),
  );

  return (exchange, focus = { field: 'body' }) => {
    const observations: Observation[] = [];
    const disposition = judgeEnvelope(exchange, observations);
    const request = exchange.request.body ?? {};
    const verdict = validateRequest(request);
    const { status, body } = exchange.response;
    const answer = `HTTP ${status}, code ${showValue(dig(body, 'code'))}`;
    if (disposition === 'accepted' && !verdict.ok) {
      observations.push({
        kind: 'validation-accepts-invalid',
        path: verdict.violation.field,
        rule: verdict.violation.rule,
        expected: `refused with code ${facts.parameterErrorCode}: ${verdict.violation.message}`,
        observed: `accepted (${answer})`,
      });
    }
    if (disposition === 'rejected' && verdict.ok) {
      observations.push({
        kind: 'validation-rejects-valid',
        path: focus.field,
        ...(focus.rule === undefined ? {} : { rule: focus.rule }),
        expected: 'accepted (HTTP 200, code 0): the spec accepts this request',
        observed: `refused (${answer}): ${showMessage(dig(body, 'message'))}`,
      });
    }
    const page = disposition === 'accepted' && verdict.ok ? judgePage(facts, request, dig(body, 'data')) : { observations: [], judged: {} };
    return {
      observations: groupObservations([...observations, ...page.observations]),
      disposition,
      judged: page.judged,
      requestValid: verdict.ok,
      answer,
    };
  };

  /** Status, content type, envelope, schema and undocumented members; how the target treated the request. */
  function judgeEnvelope(exchange: RecordedExchange, observations: Observation[]): Disposition {
    const { status, headers, body, text } = exchange.response;
    const code = dig(body, 'code');
    if (status >= 500 || (typeof code === 'number' && serviceErrorCodes.has(code))) {
      observations.push({
        kind: 'server-error',
        path: 'status',
        expected: 'no server error, ever',
        observed: `HTTP ${status}, code ${showValue(code)}: ${showMessage(dig(body, 'message'))}`,
      });
    }
    if (!documented.includes(status)) {
      observations.push({
        kind: 'status',
        path: 'status',
        expected: `one of the documented statuses ${documented.join(', ')}`,
        observed: `HTTP ${status}`,
      });
    }
    const contentType = headers['content-type'];
    if (contentType === undefined || !/^application\/json\b/i.test(contentType)) {
      observations.push({
        kind: 'content-type',
        path: 'headers.content-type',
        expected: 'application/json',
        observed: contentType ?? 'absent',
      });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      const observed = body === undefined ? `not JSON: ${showValue(text ?? '')}` : describeValue(body);
      observations.push({
        kind: 'envelope',
        path: '$',
        expected: 'a JSON object { code, data, message, timestamp, request_id }',
        observed,
      });
      return 'other';
    }
    if (typeof code !== 'number' || !Number.isInteger(code)) {
      observations.push({ kind: 'envelope', path: '$.code', expected: 'an integer code (0 on success)', observed: describeValue(code) });
      return 'other';
    }
    const statuses = facts.statusesByCode.get(code);
    let schemaStatus = status;
    if (statuses !== undefined && !statuses.includes(status)) {
      observations.push({
        kind: 'status',
        path: 'status',
        rule: `code ${code}`,
        expected: `HTTP ${statuses.join(' or ')} with code ${code}`,
        observed: `HTTP ${status} with code ${code}`,
      });
      schemaStatus = statuses[0] as number;
    }
    if (documented.includes(schemaStatus)) {
      const tooLarge = holdsMoreValues(body, MAX_JUDGED_VALUES);
      const validators = tooLarge ? firstOnlyValidators() : { loose, strict };
      const looseErrors = validators.loose(schemaStatus, body).errors;
      const strictErrors = validators.strict(schemaStatus, body).errors;
      if (tooLarge && (looseErrors.length > 0 || strictErrors.length > 0)) {
        observations.push({
          kind: 'body-too-large',
          path: '$',
          rule: 'values',
          expected: `at most ${MAX_JUDGED_VALUES} JSON values, for every violation of the schema to be listed (a full page holds about 7,000)`,
          observed: `more than ${MAX_JUDGED_VALUES} values: only the first violation of the schema (and of its strict view) is listed`,
        });
      }
      for (const violation of looseErrors) observations.push(schemaObservation(violation, body));
      for (const violation of strictErrors) {
        if (violation.rule !== 'additionalProperties') continue;
        observations.push({
          kind: 'undocumented-field',
          path: jsonPath(violation.field),
          expected: 'only members the spec describes',
          observed: describeValue(valueAt(body, violation.field)),
          at: jsonPath(violation.field, true),
          ...counted(violation),
        });
      }
    }
    if (status === 200 && code === 0) return 'accepted';
    return code === facts.parameterErrorCode ? 'rejected' : 'other';
  }
}
