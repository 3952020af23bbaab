import t from 'tap';
import { operationSecurity } from '../../src/openapi/security.js';
import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { spec } from '../helpers/spec.js';

const securityOf = (doc: SpecDocument) => operationSecurity(doc, doc.paths['/creator/v1/rank/topPotential']?.post ?? {});
const edited = (edit: (doc: SpecDocument) => void): SpecDocument => {
  const copy = structuredClone(spec);
  edit(copy);
  return copy;
};

t.test("the spec's security: bearer, or the four signed query parameters together", async (t) => {
  t.same(operationSecurity(spec, spec.paths['/creator/v1/rank/topPotential']?.post ?? {}), {
    httpScheme: 'bearer',
    signedQuery: ['client_id', 'access_token', 'timestamp', 'sign'],
  });
});

t.test("the operation's own security wins over the document's; none at all is none", async (t) => {
  const own = edited((doc) => {
    const operation = doc.paths['/creator/v1/rank/topPotential']?.post;
    if (operation) operation.security = [{ bearerAuth: [] }];
  });
  t.same(securityOf(own), { httpScheme: 'bearer', signedQuery: undefined });
  t.same(securityOf(edited((doc) => delete doc.security)), { httpScheme: undefined, signedQuery: undefined });
  t.same(
    securityOf(edited((doc) => (doc.security = [{}]))),
    { httpScheme: undefined, signedQuery: undefined },
    'an empty requirement: anonymous',
  );
  const mixed = edited((doc) => (doc.security = [{ bearerAuth: [], clientId: [] }]));
  t.same(securityOf(mixed), { httpScheme: undefined, signedQuery: undefined }, 'a header and a query parameter together is neither form');
  t.throws(
    () => securityOf(edited((doc) => (doc.security = [{ nope: [] }]))),
    /The spec's security names "nope", which components.securitySchemes does not define/,
  );
});
