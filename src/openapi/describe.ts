import { SpecError } from './spec-error.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { SortOrder } from '../generated/types.js';
import { COMPONENT_PREFIX, toStandaloneSchema, type JsonSchema } from './json-schema.js';
import { assertSpecShape, loadSpec, readSpec, type SpecDocument } from './load-spec.js';
import { isPrecompiled, sha256, specSource } from './precompiled.js';
import { viewOf } from './schema-view.js';
import { assertSpecBounded } from './spec-bounds.js';
import { oncePer } from '../once-per.js';
import { listRules, type ExtensionRule } from './rules.js';
import { operationSecurity, type OperationSecurity } from './security.js';

export type Schema = Readonly<Record<string, unknown>>;

/** What a request that leaves something out is taken to mean: the spec's `default`s. */
export interface RequestDefaults {
  readonly page: number;
  readonly pagesize: number;
  readonly order: SortOrder;
  /** The field results are ranked by (the first value of the OrderByField enum). */
  readonly sortField: string;
}

/**
 * The spec's one operation, described once: everything the fake, the contract suite and the recorder derive from a
 * spec document comes from here, and nothing else reads the document's structure.
 */
export interface ApiDescription {
  readonly doc: SpecDocument;
  /** The file the document was read from, as it was named, when it was (relative references resolve against it). */
  readonly sourcePath: string | undefined;
  /** The sha256 (hex) of the text the document was read from; of its JSON for a document built in memory. */
  readonly sha256: string;
  readonly title: string;
  readonly version: string;
  /** Upper case, e.g. POST. */
  readonly method: string;
  /** e.g. /creator/v1/rank/topPotential */
  readonly path: string;
  readonly operation: OpenAPIV3_1.OperationObject;
  /** Name of the request body's component schema, and that schema. */
  readonly requestSchemaName: string;
  readonly requestSchema: Schema;
  readonly defaults: RequestDefaults;
  /** Sort orders the spec allows, e.g. desc and asc. */
  readonly sortOrders: readonly SortOrder[];
  /** Names of the Filter schema's properties, in the spec's order. */
  readonly filterNames: readonly string[];
  /** Bodies of the operation's request examples. */
  readonly requestExamples: readonly unknown[];
  /** Statuses the operation documents, ascending. */
  readonly statuses: readonly number[];
  /** The JSON body schema a status answers with (standalone: resolvable against the component schema document). */
  readonly responseSchema: (status: number) => JsonSchema | undefined;
  /** The same as the spec writes it (its `$ref`s resolve with resolveSchema). */
  readonly bodySchema: (status: number) => unknown;
  /** The vendor code the response schema of a status pins (0 for 200); undefined when it pins none. */
  readonly codeForStatus: (status: number) => number | undefined;
  /** Vendor code -> the statuses the spec documents it with. */
  readonly statusesByCode: ReadonlyMap<number, readonly number[]>;
  readonly security: OperationSecurity;
  /** The operation's `x-rules`: what JSON Schema cannot say. */
  readonly rules: readonly ExtensionRule[];
  /** A schema with `$ref`s to component schemas followed until one without. */
  readonly resolveSchema: (schema: unknown) => Schema;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The one operation the spec describes. The kit is built around exactly one. */
export function describeEndpoint(doc: SpecDocument): Pick<ApiDescription, 'path' | 'method' | 'operation'> {
  const found = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item?.[method] ? [{ path, method: method.toUpperCase(), operation: item[method] }] : [])),
  );
  const [only] = found;
  if (found.length !== 1 || only === undefined)
    throw new SpecError(`The spec must describe exactly one operation, it describes ${found.length}.`);
  return only;
}

/** A spec to work from: a file's path, or a document already parsed. */
export type SpecInput = string | SpecDocument;

/** The description of a spec: the packaged one when none is given. Throws, naming the place, when the spec is unusable. */
export function resolveSpec(input?: SpecInput): ApiDescription {
  if (input === undefined) return describeSpec(loadSpec());
  return describeSpec(typeof input === 'string' ? readSpec(input) : assertSpecShape(input, 'given as a document'));
}

/** The description of a document, derived once per document. */
export const describeSpec: (doc: SpecDocument) => ApiDescription = oncePer(derive);

function derive(doc: SpecDocument): ApiDescription {
  // A document from the build's artefacts passed this check when they were made from the same YAML (the stamp says so).
  if (!isPrecompiled(doc)) assertSpecBounded(doc);
  const { method, path, operation } = describeEndpoint(doc);
  const resolveSchema = (schema: unknown): Schema => {
    let current = schema as Schema;
    while (typeof current['$ref'] === 'string') {
      const ref = current['$ref'];
      const target = ref.startsWith(COMPONENT_PREFIX) ? doc.components.schemas[ref.slice(COMPONENT_PREFIX.length)] : undefined;
      if (target === undefined) throw new SpecError(`The spec's reference ${ref} does not resolve to a component schema.`);
      current = target as Schema;
    }
    return current;
  };
  const component = (name: string): Schema => {
    const schema = doc.components.schemas[name];
    if (schema === undefined) throw new SpecError(`The spec needs a component schema named ${name}.`);
    return schema as Schema;
  };
  const enumOf = (name: string): unknown[] => {
    const values = component(name)['enum'];
    if (!Array.isArray(values) || values.length === 0) throw new SpecError(`The spec's ${name} schema needs an enum.`);
    return values;
  };
  const defaultOf = <T extends number | string>(name: string, type: 'number' | 'string'): T => {
    const value = component(name)['default'];
    if (typeof value !== type) throw new SpecError(`The spec's ${name} schema needs a ${type} default.`);
    return value as T;
  };

  const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const media = body?.content['application/json'];
  const ref = (media?.schema as OpenAPIV3_1.ReferenceObject | undefined)?.$ref;
  if (!ref?.startsWith(COMPONENT_PREFIX))
    throw new SpecError("The spec's operation needs a JSON request body that $refs a component schema.");
  const requestSchemaName = ref.slice(COMPONENT_PREFIX.length);
  const requestSchema = resolveSchema({ $ref: ref });
  const filterSchema = resolveSchema((requestSchema['properties'] as Record<string, unknown> | undefined)?.['filter'] ?? {});

  const responses = new Map<number, OpenAPIV3_1.ResponseObject>();
  for (const [status, entry] of Object.entries(operation.responses ?? {})) {
    const responseRef = (entry as OpenAPIV3_1.ReferenceObject).$ref;
    const response = responseRef === undefined ? entry : doc.components.responses?.[responseRef.replace('#/components/responses/', '')];
    if (response === undefined)
      throw new SpecError(`The spec's ${status} response ${String(responseRef)} does not resolve to a component response.`);
    responses.set(Number(status), response as OpenAPIV3_1.ResponseObject);
  }
  const bodySchema = (status: number): unknown => responses.get(status)?.content?.['application/json']?.schema;
  /** The `code` const a schema pins, looking through `$ref` and `allOf`. */
  const pinnedCode = (schema: unknown): number | undefined => {
    const code =
      schema === undefined ? undefined : viewOf(viewOf(schema, resolveSchema).properties['code'] ?? {}, resolveSchema).schema['const'];
    return typeof code === 'number' ? code : undefined;
  };
  const statuses = [...responses.keys()].sort((a, b) => a - b);
  const codes = new Map(statuses.map((status) => [status, pinnedCode(bodySchema(status))]));
  const statusesByCode = new Map<number, number[]>();
  for (const [status, code] of codes) if (code !== undefined) statusesByCode.set(code, [...(statusesByCode.get(code) ?? []), status]);

  return {
    doc,
    sourcePath: specSource(doc)?.path,
    sha256: specSource(doc)?.sha256 ?? sha256(JSON.stringify(doc)),
    title: doc.info.title,
    version: doc.info.version,
    method,
    path,
    operation,
    requestSchemaName,
    requestSchema,
    defaults: {
      page: defaultOf<number>('Page', 'number'),
      pagesize: defaultOf<number>('PageSize', 'number'),
      order: defaultOf<SortOrder>('SortOrder', 'string'),
      sortField: String(enumOf('OrderByField')[0]),
    },
    sortOrders: enumOf('SortOrder') as SortOrder[],
    filterNames: Object.keys((filterSchema['properties'] as Record<string, unknown> | undefined) ?? {}),
    requestExamples: Object.values(media?.examples ?? {}).map((example) => (example as OpenAPIV3_1.ExampleObject).value as unknown),
    statuses,
    responseSchema: (status) => {
      const schema = bodySchema(status);
      return schema === undefined ? undefined : toStandaloneSchema(schema);
    },
    bodySchema,
    codeForStatus: (status) => codes.get(status),
    statusesByCode,
    security: operationSecurity(doc, operation),
    rules: listRules(operation),
    resolveSchema,
  };
}
