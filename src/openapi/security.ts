import { SpecError } from './spec-error.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { SpecDocument } from './load-spec.js';

/** The ways the operation accepts a caller, as its `security` lists them (any one alternative suffices). */
export interface OperationSecurity {
  /** The http scheme's name, e.g. `bearer`, when an alternative is one http scheme. */
  readonly httpScheme: string | undefined;
  /** The query parameter names of the alternative made only of apiKey-in-query schemes (all required together). */
  readonly signedQuery: readonly string[] | undefined;
}

/** The operation's security requirement (its own, else the document's), each alternative resolved to its schemes. */
export function operationSecurity(doc: SpecDocument, operation: OpenAPIV3_1.OperationObject): OperationSecurity {
  const requirements = operation.security ?? doc.security ?? [];
  const schemes = doc.components.securitySchemes ?? {};
  let httpScheme: string | undefined;
  let signedQuery: string[] | undefined;
  for (const requirement of requirements) {
    const resolved = Object.keys(requirement).map((name) => {
      const scheme = schemes[name] as OpenAPIV3_1.SecuritySchemeObject | undefined;
      if (scheme === undefined)
        throw new SpecError(`The spec's security names "${name}", which components.securitySchemes does not define.`);
      return scheme;
    });
    const [only] = resolved;
    if (resolved.length === 1 && only?.type === 'http') httpScheme ??= only.scheme.toLowerCase();
    else if (resolved.length > 0 && resolved.every((scheme) => scheme.type === 'apiKey' && scheme.in === 'query')) {
      signedQuery ??= resolved.map((scheme) => (scheme as OpenAPIV3_1.ApiKeySecurityScheme).name);
    }
  }
  return { httpScheme, signedQuery };
}
