import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { describeEndpoint } from '../../src/openapi/describe.js';
import { loadSpec, readSpec, SPEC_PATH } from '../../src/openapi/load-spec.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('spec-');
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

t.test('the kit spec loads once and describes the one endpoint', async (t) => {
  const doc = loadSpec();
  t.equal(loadSpec(), doc, 'cached per process');
  t.match(doc.openapi, /^3\.1\./);
  const endpoint = describeEndpoint(doc);
  t.equal(endpoint.path, '/creator/v1/rank/topPotential');
  t.equal(endpoint.method, 'POST');
  t.ok(SPEC_PATH.endsWith(join('spec', 'openapi.yaml')));
});

t.test('readSpec says what is wrong with a broken document', async (t) => {
  t.throws(() => readSpec(join(dir, 'missing.yaml')), /Failed to read the spec at .*missing\.yaml/);
  t.throws(() => readSpec(write('bad.yaml', 'a: [1,\n')), /Failed to parse the spec/);
  t.throws(() => readSpec(write('scalar.yaml', '42\n')), /not a YAML mapping/);
  t.throws(() => readSpec(write('old.yaml', 'openapi: 3.0.3\npaths: {}\n')), /"openapi" must be 3\.1\.x, got "3\.0\.3"/);
  t.throws(() => readSpec(write('nopaths.yaml', 'openapi: 3.1.0\npaths: {}\n')), /it has no paths/);
  t.throws(() => readSpec(write('noschemas.yaml', 'openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n')), /it has no components\.schemas/);
});

t.test('describeEndpoint insists on exactly one operation', async (t) => {
  const two = readSpec(write('two.yaml', 'openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n    post: {}\ncomponents:\n  schemas: {}\n'));
  t.throws(() => describeEndpoint(two), /exactly one operation, it describes 2/);
  const none = readSpec(write('none.yaml', 'openapi: 3.1.0\npaths:\n  /a: {}\ncomponents:\n  schemas: {}\n'));
  t.throws(() => describeEndpoint(none), /it describes 0/);
});
