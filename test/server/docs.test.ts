import { readFileSync } from 'node:fs';
import t from 'tap';
import { describeSpec } from '../../src/openapi/describe.js';
import { docsDocument } from '../../src/server/docs.js';
import { SPEC_PATH } from '../../src/openapi/load-spec.js';
import { fake } from '../helpers/fake.js';
import { spec } from '../helpers/spec.js';

t.test('the raw spec at /openapi.yaml and /openapi.json', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const yaml = await app.inject({ method: 'GET', url: '/openapi.yaml' });
  t.equal(yaml.statusCode, 200);
  t.match(yaml.headers['content-type'], /yaml/);
  t.equal(yaml.body, readFileSync(SPEC_PATH, 'utf8'));
  const json = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.same(JSON.parse(json.body), spec);
});

t.test('/docs renders Swagger UI over a variant whose try-it calls the fake', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const page = await app.inject({ method: 'GET', url: '/docs' });
  t.equal(page.statusCode, 200);
  t.match(page.body, /swagger-ui/i);
  const shown = JSON.parse((await app.inject({ method: 'GET', url: '/docs/json' })).body) as typeof spec;
  t.same(shown.servers?.[0], { url: '/', description: 'This fake server (try-it calls it)' });
  t.same(shown.servers?.slice(1), spec.servers);
  const example = shown.components.examples?.['VendorExampleResponse'] as { value?: { data: { total: string } }; externalValue?: string };
  t.equal(example.externalValue, undefined);
  t.equal(example.value?.data.total, '17', 'the fixture is inlined for the browser');
  t.ok((spec.components.examples?.['VendorExampleResponse'] as { externalValue?: string }).externalValue, 'the loaded spec is untouched');
});

t.test('--no-docs leaves the paths to the 404 envelope', async (t) => {
  const app = fake({ docs: false });
  t.teardown(() => app.close());
  for (const url of ['/docs', '/openapi.json', '/openapi.yaml']) {
    const answer = await app.inject({ method: 'GET', url });
    t.equal(answer.statusCode, 404);
    t.equal((JSON.parse(answer.body) as { code: number }).code, 20001);
  }
});

t.test('the docs variant copes with a spec without servers or external examples', async (t) => {
  const bare = structuredClone(spec);
  delete bare.servers;
  bare.components.examples = { Inline: { value: { a: 1 } } };
  const variant = await docsDocument(describeSpec(bare));
  t.same(variant.servers, [{ url: '/', description: 'This fake server (try-it calls it)' }]);
  t.same(variant.components?.examples?.['Inline'], { value: { a: 1 } });
  delete bare.components.examples;
  t.equal((await docsDocument(describeSpec(structuredClone(bare)))).components?.examples, undefined);
});

t.test('a spec given as a document is published as that document: YAML written from it, examples in files left as links', async (t) => {
  const variant = structuredClone(spec);
  variant.info.title = "A team's own copy";
  const app = fake({ spec: variant });
  t.teardown(() => app.close());
  const yamlText = (await app.inject({ method: 'GET', url: '/openapi.yaml' })).body;
  t.match(yamlText, /title: A team's own copy/);
  t.same(JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body), variant);
  const example = (await docsDocument(describeSpec(variant))).components?.examples?.['VendorExampleResponse'] as { externalValue?: string };
  t.equal(example.externalValue, '../fixtures/vendor-example-response.json', 'nothing to resolve the link against');
});
