import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { stringify } from 'yaml';
import { readSpec, SPEC_PATH } from '../../src/openapi/load-spec.js';
import { MAX_EXAMPLE_BYTES, readExternalValue } from '../../src/openapi/external-value.js';
import { fake } from '../helpers/fake.js';
import { spec } from '../helpers/spec.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = tempDir('external-value-');
const folder = join(root, 'team', 'spec');
mkdirSync(join(folder, 'examples', 'a-folder'), { recursive: true });
writeFileSync(join(root, 'secret.json'), JSON.stringify({ secret: 'canary-outside-the-folder' }));
writeFileSync(join(folder, 'examples', 'ok.json'), JSON.stringify({ ok: true }));
writeFileSync(join(folder, 'examples', 'not-json.txt'), 'plain text');
writeFileSync(join(folder, 'examples', 'big.json'), `"${'x'.repeat(MAX_EXAMPLE_BYTES)}"`);
symlinkSync(join(root, 'secret.json'), join(folder, 'examples', 'link-out.json'));
symlinkSync('/dev/zero', join(folder, 'examples', 'zero.json'));
const specPath = join(folder, 'openapi.yaml');

/** Each externalValue, and whether it is read: only small JSON files inside the spec's folder are. */
const CASES: readonly [string, unknown][] = [
  ['examples/ok.json', { ok: true }],
  [pathToFileURL(join(folder, 'examples', 'ok.json')).href, { ok: true }],
  ['../../secret.json', undefined],
  [pathToFileURL(join(root, 'secret.json')).href, undefined],
  ['file:///etc/passwd', undefined],
  ['/dev/zero', undefined],
  ['examples/zero.json', undefined],
  ['examples/link-out.json', undefined],
  ['examples/a-folder', undefined],
  ['examples/big.json', undefined],
  ['examples/not-json.txt', undefined],
  ['examples/missing.json', undefined],
  ['https://example.test/example.json', undefined],
];

t.test('an externalValue is read only from a small JSON file inside the spec folder', async (t) => {
  for (const [externalValue, expected] of CASES) t.same(await readExternalValue(externalValue, specPath), expected, externalValue);
});

t.test("a spec's link into the kit's folder is not read either: only the spec's own folder counts", async (t) => {
  t.equal(await readExternalValue('../fixtures/vendor-example-response.json', SPEC_PATH), undefined);
  t.equal(await readExternalValue('../package.json', SPEC_PATH), undefined);
});

t.test('/docs/json inlines what it may read and leaves every other example a link: nothing outside the folder is served', async (t) => {
  const hostile = structuredClone(spec);
  hostile.components.examples = Object.fromEntries(CASES.map(([externalValue], index) => [`E${index}`, { externalValue }]));
  writeFileSync(specPath, stringify(hostile));
  const app = fake({ spec: readSpec(specPath) });
  t.teardown(() => app.close());
  const answer = await app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(answer.statusCode, 200);
  t.notMatch(answer.body, /canary-outside-the-folder|root:/);
  const examples = (JSON.parse(answer.body) as typeof spec).components.examples as Record<
    string,
    { value?: unknown; externalValue?: string }
  >;
  t.same(examples['E0'], { value: { ok: true } });
  t.same(examples['E2'], { externalValue: '../../secret.json' });
  t.same(examples['E5'], { externalValue: '/dev/zero' });
});
