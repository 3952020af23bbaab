import { SpecError } from './spec-error.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { SpecDocument } from './load-spec.js';

export interface Endpoint {
  /** e.g. /creator/v1/rank/topPotential */
  readonly path: string;
  /** Upper case, e.g. POST. */
  readonly method: string;
  readonly operation: OpenAPIV3_1.OperationObject;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The one operation the spec describes. The kit is built around exactly one. */
export function describeEndpoint(doc: SpecDocument): Endpoint {
  const paths = Object.entries(doc.paths);
  const found: Endpoint[] = [];
  for (const [path, item] of paths) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (operation) found.push({ path, method: method.toUpperCase(), operation });
    }
  }
  const [only] = found;
  if (found.length !== 1 || only === undefined) {
    throw new SpecError(`The spec must describe exactly one operation, it describes ${found.length}.`);
  }
  return only;
}
