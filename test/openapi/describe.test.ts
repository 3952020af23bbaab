import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { describeSpec, resolveSpec } from '../../src/openapi/describe.js';
import { SPEC_PATH, type SpecDocument } from '../../src/openapi/load-spec.js';
import { withDefaults } from '../../src/openapi/request-defaults.js';
import { api, spec, writtenRuleIds } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

t.test('the packaged spec by default; a path or a document otherwise; one description per document', async (t) => {
  t.equal(resolveSpec(), api, 'the packaged spec is read and described once per process');
  t.equal(api.sourcePath, SPEC_PATH);
  const fromFile = resolveSpec(SPEC_PATH);
  t.not(fromFile, api, 'a path is read afresh');
  t.same(fromFile.doc, api.doc);
  t.equal(fromFile.sourcePath, SPEC_PATH);
  const copy = structuredClone(spec);
  t.equal(resolveSpec(copy), describeSpec(copy));
  t.equal(describeSpec(copy).sourcePath, undefined, 'a document built in memory has no file');
  const hash = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');
  t.equal(fromFile.sha256, hash(readFileSync(SPEC_PATH)), "a file's sha256 is of its bytes");
  t.equal(describeSpec(copy).sha256, hash(JSON.stringify(copy)), "a document's, of its JSON");
  t.throws(() => resolveSpec(join(tmpdir(), 'no-such-spec.yaml')), /Failed to read the spec at .*no-such-spec\.yaml/);
  const dir = tempDir('spec-');
  writeFileSync(join(dir, 'broken.yaml'), 'openapi: 3.1.0\npaths: [\n');
  t.throws(
    () => resolveSpec(join(dir, 'broken.yaml')),
    /Failed to parse the spec at .*broken\.yaml: [^]*at line 3, column 1[^]*Make sure it is valid YAML/,
  );
});

t.test('what the description reads from the document', async (t) => {
  t.same([api.method, api.path, api.title], ['POST', '/creator/v1/rank/topPotential', 'FastMoss Top Potential E-commerce Creators']);
  t.same(api.statuses, [200, 400, 401, 403, 404, 405, 408, 413, 415, 429, 431, 500]);
  t.same([api.codeForStatus(200), api.codeForStatus(429), api.codeForStatus(418)], [0, 30003, undefined]);
  t.same(api.statusesByCode.get(10001), [400, 408, 413, 415, 431]);
  t.ok(api.responseSchema(200));
  t.equal(api.responseSchema(418), undefined);
  t.same(api.sortOrders, ['desc', 'asc']);
  t.same(
    api.rules.map((rule) => rule.id),
    writtenRuleIds(),
  );
  t.ok(api.filterNames.includes('region'));
  t.equal(api.requestExamples.length, 3);
});

t.test('a response $ref that resolves to nothing, or a schema $ref outside the components, is refused by name', async (t) => {
  const dangling = structuredClone<SpecDocument>(spec);
  delete dangling.components.responses?.['ServiceError'];
  t.throws(
    () => describeSpec(dangling),
    /^The spec is refused at #\/paths\/~1creator~1v1~1rank~1topPotential\/post\/responses\/500\/\$ref: \$ref #\/components\/responses\/ServiceError points at nothing/,
  );
  const notAResponse = structuredClone<SpecDocument>(spec);
  notAResponse.paths['/creator/v1/rank/topPotential']!.post!.responses['500'] = { $ref: '#/components/schemas/Page' };
  t.throws(
    () => describeSpec(notAResponse),
    /The spec's 500 response #\/components\/schemas\/Page does not resolve to a component response/,
  );
  t.throws(
    () => api.resolveSchema({ $ref: 'https://example.test/schema.json' }),
    /reference https:\/\/example\.test\/schema\.json does not resolve/,
  );
  const noFilter = structuredClone<SpecDocument>(spec);
  delete (noFilter.components.schemas['TopPotentialRequest'] as { properties: Record<string, unknown> }).properties['filter'];
  t.same(describeSpec(noFilter).filterNames, [], 'a request without a filter has no filters to judge');
});

t.test('withDefaults fills in what a request leaves out, from the spec', async (t) => {
  t.same(withDefaults({}, api.defaults), { filter: {}, sortField: 'potential_index', order: 'desc', page: 1, pagesize: 10 });
  t.same(
    withDefaults({ filter: { region: 'US' }, orderby: [{ field: 'potential_index', order: 'asc' }], page: 3, pagesize: 7 }, api.defaults),
    {
      filter: { region: 'US' },
      sortField: 'potential_index',
      order: 'asc',
      page: 3,
      pagesize: 7,
    },
  );
});
