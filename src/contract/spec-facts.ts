import type { OpenAPIV3_1 } from 'openapi-types';
import type { SortOrder } from '../generated/types.js';
import { describeEndpoint } from '../openapi/endpoint.js';
import type { SpecDocument } from '../openapi/load-spec.js';
import { requestDefaults, requestSchemaName } from '../openapi/request-validator.js';
import type { RequestDefaults } from '../openapi/rule-checks.js';
import { documentedStatuses, operationResponse } from '../openapi/response-validator.js';
import { operationSecurity } from '../openapi/security.js';

export type Schema = Readonly<Record<string, unknown>>;

/** Everything the suite needs to know about the endpoint, read from the spec once. */
export interface SpecFacts {
  readonly doc: SpecDocument;
  readonly method: string;
  readonly path: string;
  readonly requestSchema: Schema;
  readonly defaults: RequestDefaults;
  /** Sort orders the spec allows, e.g. desc and asc. */
  readonly sortOrders: readonly SortOrder[];
  /** The field results are ranked by. */
  readonly sortField: string;
  /** Names of the Filter schema's properties, in the spec's order. */
  readonly filterNames: readonly string[];
  /** Bodies of the operation's request examples. */
  readonly requestExamples: readonly unknown[];
  /** Vendor code -> the statuses the spec documents it with; 0 -> [200]. */
  readonly statusesByCode: ReadonlyMap<number, readonly number[]>;
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
  /** Query parameter names of the signed query alternative, when the spec lists one. */
  readonly signedQuery: readonly string[] | undefined;
}

const COMPONENT_PREFIX = '#/components/schemas/';

/** Follows `$ref`s to component schemas until a schema without one. */
export function resolveSchema(doc: SpecDocument, schema: unknown): Schema {
  let current = schema as Schema;
  while (typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    const target = doc.components.schemas[ref.replace(COMPONENT_PREFIX, '')];
    if (target === undefined) throw new Error(`The spec's reference ${ref} does not resolve to a component schema.`);
    current = target as Schema;
  }
  return current;
}

/** The `code` const a response schema pins, looking through `$ref` and `allOf`. */
function pinnedCode(doc: SpecDocument, schema: unknown): number | undefined {
  const resolved = resolveSchema(doc, schema);
  const own = (resolved['properties'] as Record<string, Schema> | undefined)?.['code']?.['const'];
  if (typeof own === 'number') return own;
  for (const part of (resolved['allOf'] ?? []) as unknown[]) {
    const code = pinnedCode(doc, part);
    if (code !== undefined) return code;
  }
  return undefined;
}

function codeForStatus(doc: SpecDocument, status: number): number {
  const code = pinnedCode(doc, operationResponse(doc, status)?.content?.['application/json']?.schema);
  if (code === undefined) throw new Error(`The spec's ${status} response pins no "code": the contract suite needs it to judge answers.`);
  return code;
}

function enumOf(doc: SpecDocument, name: string): unknown[] {
  const values = doc.components.schemas[name]?.enum;
  if (!Array.isArray(values) || values.length === 0) throw new Error(`The spec's ${name} schema needs an enum.`);
  return values;
}

export function specFacts(doc: SpecDocument): SpecFacts {
  const endpoint = describeEndpoint(doc);
  const requestSchema = resolveSchema(doc, { $ref: COMPONENT_PREFIX + requestSchemaName(doc) });
  const filterSchema = resolveSchema(doc, (requestSchema['properties'] as Record<string, unknown> | undefined)?.['filter']);
  const statusesByCode = new Map<number, number[]>();
  for (const status of documentedStatuses(doc)) {
    const code = codeForStatus(doc, status);
    statusesByCode.set(code, [...(statusesByCode.get(code) ?? []), status]);
  }
  const body = endpoint.operation.requestBody as OpenAPIV3_1.RequestBodyObject;
  const examples = Object.values(body.content['application/json']?.examples ?? {}).map((example) => (example as OpenAPIV3_1.ExampleObject).value as unknown);
  const security = operationSecurity(doc);
  if (security.httpScheme === undefined) throw new Error('The spec needs an http security scheme (bearer): the contract suite probes it.');
  return {
    doc,
    method: endpoint.method,
    path: endpoint.path,
    requestSchema,
    defaults: requestDefaults(doc),
    sortOrders: enumOf(doc, 'SortOrder') as SortOrder[],
    sortField: String(enumOf(doc, 'OrderByField')[0]),
    filterNames: Object.keys(filterSchema['properties'] as Record<string, unknown>),
    requestExamples: examples,
    statusesByCode,
    parameterErrorCode: codeForStatus(doc, 400),
    authRefusal: { status: 401, code: codeForStatus(doc, 401) },
    rateLimitCode: codeForStatus(doc, 429),
    quotaCode: codeForStatus(doc, 403),
    authScheme: security.httpScheme,
    signedQuery: security.signedQuery,
  };
}
