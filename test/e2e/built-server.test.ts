import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { servedUrl, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(300_000);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** These processes are compared, not tested: keep them out of tap's coverage (it would map dist/ back to src/). */
const ENV = { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' };
const NOW = '2026-11-25T12:00:00Z';
const built = (extra: readonly string[] = []): string[] => [...extra, join(ROOT, 'dist/cli.js')];

/** Starts a fake from `entry` on a free port with a fixed clock; resolves once it prints its URL. */
async function serve(entry: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ cli: SpawnedCli; url: string }> {
  const cli = spawnCli(['serve', '--port', '0', '--now', NOW], env, entry);
  return { cli, url: await servedUrl(cli, 60_000) };
}

// The built CLI (tsc's output, over HTTP, as `npm start` runs it) must answer byte for byte like the TypeScript sources:
// the performance work in src/server and src/data is checked this way end to end. bench/body-digests.ts sends a few
// hundred requests (valid, invalid, error paths) and hashes each answer.
t.test('the built server answers byte for byte like the fake run from the sources', { timeout: 240_000 }, async (t) => {
  const build = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', "import('./bench/build.ts').then((m) => m.ensureBuilt(process.cwd(), () => {}))"],
    {
      cwd: ROOT,
      env: ENV,
      encoding: 'utf8',
    },
  );
  t.equal(build.status, 0, `dist/ is built (${build.stderr.slice(-1_000)})`);
  const fromDist = await serve(built());
  t.teardown(() => fromDist.cli.child.kill());
  const sources = await serve(['--import', 'tsx', join(ROOT, 'src/cli.ts')]);
  t.teardown(() => sources.cli.child.kill());
  const digests = (url: string): string[] => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/body-digests.ts', '--url', url], {
      cwd: ROOT,
      env: ENV,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`body-digests failed: ${run.stderr}`);
    return run.stdout.trim().split('\n');
  };
  const fromBuilt = digests(fromDist.url);
  const fromSources = digests(sources.url);
  t.ok(fromBuilt.length > 400, `${fromBuilt.length} answers compared`);
  t.ok(fromBuilt.filter((line) => line.split(' ')[2] === '200').length > 300, 'most of them 200s with data');
  t.same(fromBuilt, fromSources);
});

/** POSTs `{}` to the endpoint and resolves with the status. */
function postEmpty(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: 'Bearer x', 'content-type': 'application/json' };
    const req = request(new URL('/creator/v1/rank/topPotential', url), { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

// The build precompiles the spec, the request validator and the serializers (scripts/precompile.ts) so that the built
// server neither parses YAML nor loads ajv or fast-json-stringify's compiler; the docs (Swagger UI, which loads yaml)
// are loaded on the first /docs request. Runs after the test above has built dist/.
t.test('the built server answers without loading yaml, ajv, the serializer compiler or the docs', { timeout: 60_000 }, async (t) => {
  const file = join(tempDir('loaded-modules-'), 'modules.json');
  const probe = fileURLToPath(new URL('../helpers/loaded-modules.cjs', import.meta.url));
  const server = await serve(built(['--require', probe]), { LOADED_MODULES_FILE: file });
  t.equal(await postEmpty(server.url), 200);
  server.cli.child.kill();
  await server.cli.exited;
  const loaded = (JSON.parse(readFileSync(file, 'utf8')) as string[]).map((path) => path.replace(/^.*node_modules\//, ''));
  t.ok(
    loaded.some((path) => path.endsWith('/dist/vendor/fastify.cjs')),
    'the probe saw the modules (Fastify, vendored by scripts/bundle.ts)',
  );
  t.same(
    loaded.filter((path) =>
      /^(ajv|ajv-formats|yaml|@fastify\/ajv-compiler|@fastify\/swagger|@fastify\/swagger-ui|@fastify\/cors)\/|^fast-json-stringify\/index\.js$/.test(
        path,
      ),
    ),
    [],
  );
});

t.test("the built declarations augment no other package's types (e.g. Fastify's, for every app that installs the kit)", async (t) => {
  const dist = join(ROOT, 'dist');
  const declarations = (readdirSync(dist, { recursive: true }) as string[]).filter((name) => name.endsWith('.d.ts'));
  t.ok(declarations.includes('index.d.ts'), 'dist/ holds the declarations');
  for (const name of declarations) t.notMatch(readFileSync(join(dist, name), 'utf8'), /declare\s+(module|global)\b/, name);
});
