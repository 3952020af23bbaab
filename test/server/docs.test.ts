import { EventEmitter } from 'node:events';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { closeOnSignals } from '../../src/cli/shutdown.js';
import { createErrorRegistry, createErrorRenderer } from '../../src/errors.js';
import { describeSpec } from '../../src/openapi/describe.js';
import { readSpec, SPEC_PATH } from '../../src/openapi/load-spec.js';
import { buildDocsApp, docsDocument, registerDocs } from '../../src/server/docs.js';
import { createSendError } from '../../src/server/error-reply.js';
import { fake } from '../helpers/fake.js';
import { captureIo } from '../helpers/io.js';
import { api, spec } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

type Examples = Record<string, { value?: { data: { total: string } }; externalValue?: string }>;

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
  const example = (shown.components.examples as Examples)['VendorExampleResponse'];
  t.equal(example?.value?.data.total, '17', "the vendor's example is in the page");
});

/** A copy of the kit's spec in a folder of its own, with nothing beside it: what README's spec-copy recipe makes. */
function specCopy(): string {
  const folder = join(tempDir('spec-copy-'), 'contract');
  mkdirSync(folder);
  const copy = join(folder, 'openapi.yaml');
  copyFileSync(SPEC_PATH, copy);
  return copy;
}

t.test('a copy of the spec in another folder serves /docs, /openapi.json and /openapi.yaml in full', async (t) => {
  const copy = specCopy();
  const app = fake({ spec: readSpec(copy) });
  t.teardown(() => app.close());
  const page = await app.inject({ method: 'GET', url: '/docs' });
  t.equal(page.statusCode, 200);
  t.match(page.body, /swagger-ui/i);
  const shown = JSON.parse((await app.inject({ method: 'GET', url: '/docs/json' })).body) as typeof spec;
  t.equal((shown.components.examples as Examples)['VendorExampleResponse']?.value?.data.total, '17');
  const json = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.equal(json.statusCode, 200);
  t.notMatch(json.body, /externalValue/, 'nothing in it points at a file the caller cannot fetch');
  t.same(JSON.parse(json.body), spec);
  const yaml = await app.inject({ method: 'GET', url: '/openapi.yaml' });
  t.equal(yaml.body, readFileSync(copy, 'utf8'));
});

t.test('serve --spec with a copy in another folder answers the docs over a socket', async (t) => {
  const copy = specCopy();
  const outcome = await runCli(['serve', '--port', '0', '--spec', copy], captureIo());
  const server = outcome.server;
  if (server === undefined) throw new Error('serve did not start');
  t.teardown(() => server.app.close());
  for (const path of ['/docs', '/docs/json', '/openapi.json', '/openapi.yaml']) {
    const answer = await fetch(`${server.url}${path}`);
    t.equal(answer.status, 200, path);
    t.notMatch(await answer.text(), /externalValue/, path);
  }
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

t.test('the docs variant copes with a spec without servers or examples', async (t) => {
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
  variant.components.examples = { InFile: { externalValue: 'examples/page.json' } };
  const app = fake({ spec: variant });
  t.teardown(() => app.close());
  const yamlText = (await app.inject({ method: 'GET', url: '/openapi.yaml' })).body;
  t.match(yamlText, /title: A team's own copy/);
  t.same(JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body), variant);
  const example = (await docsDocument(describeSpec(variant))).components?.examples?.['InFile'] as { externalValue?: string };
  t.equal(example.externalValue, 'examples/page.json', 'nothing to resolve the link against');
});

/** A bare app with the docs routes, whose docs build fails `failures` times before it succeeds. */
function docsWithFailingBuild(failures: number): { app: ReturnType<typeof Fastify>; builds: () => number } {
  const app = Fastify();
  const sendError = createSendError(createErrorRenderer(createErrorRegistry(api)), () => ({ timestamp: 1, request_id: 'id' }));
  let builds = 0;
  registerDocs(app, api, sendError, async (described) => {
    builds++;
    if (builds <= failures) throw new Error('Cannot find module swagger-ui-bundle.js');
    return buildDocsApp(described);
  });
  return { app, builds: () => builds };
}

t.test('a docs build that fails answers a 500 envelope saying why, and the next request builds again', async (t) => {
  const { app, builds } = docsWithFailingBuild(1);
  t.teardown(() => app.close());
  const failed = await app.inject({ method: 'GET', url: '/docs' });
  t.equal(failed.statusCode, 500);
  const body = JSON.parse(failed.body) as { code: number; message: string };
  t.equal(body.code, 40001);
  t.match(body.message, /the docs page could not be built \(Cannot find module swagger-ui-bundle\.js\)/);
  t.match(body.message, /the next request to \/docs tries again/);
  t.equal((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode, 200, 'the raw spec is still served');
  const retried = await app.inject({ method: 'GET', url: '/docs' });
  t.equal(retried.statusCode, 200, 'the failure was not kept');
  t.match(retried.body, /swagger-ui/i);
  t.equal(builds(), 2);
  t.equal((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode, 200);
  t.equal(builds(), 2, 'a build that worked is kept');
});

t.test('closing after a failed docs build resolves, and SIGTERM then exits 0', async (t) => {
  const { app } = docsWithFailingBuild(Number.POSITIVE_INFINITY);
  t.equal((await app.inject({ method: 'GET', url: '/docs' })).statusCode, 500);
  const signals = new EventEmitter();
  const exited = new Promise<number>((resolve) => closeOnSignals(app, captureIo(), { signals, exit: resolve }));
  signals.emit('SIGTERM', 'SIGTERM');
  t.equal(await exited, 0);
});
