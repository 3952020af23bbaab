import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { runOffline } from '../src/contract/offline.js';
import { createReplaySource } from '../src/testing/sources.js';

/** What the package ships and exports is what the spec, the types and README point to. */

const ROOT = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
const shipped = (path: string): boolean => pkg.files.some((entry) => path === entry || path.startsWith(`${entry}/`));

t.test('every kit file the spec or the generated types point to is shipped and exported under its own path', async (t) => {
  const text = ['spec/openapi.yaml', 'src/generated/types.ts'].map((file) => readFileSync(new URL(file, ROOT), 'utf8')).join('\n');
  const pointed = [...new Set(text.match(/\bfixtures\/[\w.-]+\.json\b/g) ?? [])];
  t.ok(pointed.includes('fixtures/categories.json'), 'the category ids are pointed to');
  for (const path of pointed) {
    t.ok(shipped(path), `${path} is in "files"`);
    t.equal(pkg.exports[`./${path}`], `./${path}`, `${path} is exported`);
  }
});

const SAMPLE = 'fixtures/recorded';
const sampleDir = new URL(`${SAMPLE}/`, ROOT);

t.test("the sample recordings README's examples use are shipped, small, and carry no credential", async (t) => {
  t.ok(shipped(SAMPLE), `${SAMPLE} is in "files"`);
  const names = readdirSync(sampleDir);
  t.ok(names.length > 0 && names.every((name) => name.endsWith('.json')), 'recordings only');
  let bytes = 0;
  for (const name of names) {
    const text = readFileSync(new URL(name, sampleDir), 'utf8');
    bytes += text.length;
    const { request } = JSON.parse(text) as { request: { path: string; headers?: Record<string, string> } };
    t.match(request.headers?.['authorization'] ?? 'Bearer <redacted>', /^Bearer <redacted>$/, `${name}: no key`);
    t.notMatch(request.path, /(access_token|sign|client_id)=(?!%3Credacted%3E|<redacted>)/, `${name}: no signed query`);
  }
  t.ok(bytes < 64 * 1024, `${bytes} bytes`);
  const source = await createReplaySource(fileURLToPath(sampleDir));
  t.ok(source, 'createReplaySource reads them');
  const judged = await runOffline({ dir: fileURLToPath(sampleDir) });
  t.equal(judged.verdict, 'holds', 'and they conform to the spec');
});
