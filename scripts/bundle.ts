// The build's last step (after tsc and precompile): what lets Jest load the kit. Jest's module loader cannot require()
// an ES module: never in its default CommonJS mode, and in its ESM mode not before Node 24.9, where a CommonJS package's
// require() of an ES module fails too. So nothing the kit loads may require() an ES-modules-only package.
//
// 1. dist/vendor/fastify.cjs: Fastify, which requires light-my-request (for inject()), which requires cookie 2, ES
//    modules only. The three are inlined in one CommonJS file; every other package Fastify needs is required at run time
//    from where Node would find it for Fastify. The ESM build imports this file instead of 'fastify'.
// 2. dist/cjs/: the CommonJS build. One bundle of both entries (they share one instance of the kit), with faker (ES
//    modules only) inlined, Fastify as (1), and the packages require() can load left to require(); a file per entry.
// 3. dist/cjs/**/*.d.ts: the entries' declarations for require(); dist/vendor/LICENSES.txt: the licences of what is inlined.
//
// The rule for both bundles (commonJsPlugin): a package is inlined when it is ES modules only or its dependencies
// (package.json, transitively) include one that is; any other is required, from the package that requires it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
const VENDOR_DIR = join(DIST, 'vendor');
const VENDORED_FASTIFY = join(VENDOR_DIR, 'fastify.cjs');
const CJS_DIR = join(DIST, 'cjs');
const BUNDLE = join(CJS_DIR, 'kit.cjs');
/** The package's entries (their CommonJS form: the same path under dist/cjs/, ending .cjs). */
const ENTRIES = { index: 'index.js', msw: 'testing/msw.js' } as const;

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly type?: string;
  readonly license?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** The peer dependencies (msw): the app's own copy, never one of ours. */
const PEERS = new Set(Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest).peerDependencies ?? {}));

/** What both bundles share at run time: defines __kitRequireFrom, which requires `id` as the last package of `chain` would. */
const BANNER = `const __kitRequireFrom = (() => {
  const { createRequire } = require('node:module');
  const requires = new Map();
  return (chain, id) => {
    let from = requires.get(chain.join('/'));
    if (from === undefined) {
      let file = __filename;
      for (const name of chain) file = createRequire(file).resolve(name);
      requires.set(chain.join('/'), (from = createRequire(file)));
    }
    return from(id);
  };
})();`;

/** A relative module specifier from `fromFile`'s folder to `toFile`. */
function specifier(fromFile: string, toFile: string): string {
  const path = relative(dirname(fromFile), toFile).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** The package name a bare specifier starts with ('@faker-js/faker/locale/en' -> '@faker-js/faker'). */
function packageName(bare: string): string {
  return bare
    .split('/')
    .slice(0, bare.startsWith('@') ? 2 : 1)
    .join('/');
}

/** The nearest package.json above `file` that `accept`s, and its folder. */
function packageJsonAbove(file: string, accept: (manifest: Manifest) => boolean): { readonly dir: string; readonly manifest: Manifest } {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    if (accept(manifest)) return { dir, manifest };
  }
  throw new Error(`No package.json above ${file}.`);
}

/** The folder of the installed package `file` belongs to; undefined for the kit's own files. */
function packageDirOf(file: string): string | undefined {
  return file.includes(`${sep}node_modules${sep}`) ? packageJsonAbove(file, (found) => found.name !== undefined).dir : undefined;
}

/** Whether Node (or Jest) runs `file` as an ES module: by extension, else by the nearest package.json, named or not. */
function isEsModule(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs') || file.endsWith('.json') || file.endsWith('.node')) return false;
  return packageJsonAbove(file, () => true).manifest.type === 'module';
}

/** Fails the build on any warning: each one (an empty import.meta, a require esbuild cannot follow) breaks at run time. */
function noWarnings(what: string, warnings: readonly { text: string; location: { file: string; line: number } | null }[]): void {
  if (warnings.length === 0) return;
  const listed = warnings.map((w) => `${w.location ? `${w.location.file}:${w.location.line}: ` : ''}${w.text}`).join('\n');
  throw new Error(`Bundling ${what} gave warnings; fix each (they are paths that break at run time):\n${listed}`);
}

const RESOLVING = Symbol('resolving');

/**
 * The rule above, for a bundle written to `outfile`. `shared` maps a package to a file of ours that stands for it (the
 * vendored Fastify), which stays a file of its own, whether imported by the package's name or by the file's path. What
 * import() loads stays external: it is off the load path (Swagger UI, loaded by the first GET /docs). Each module of the
 * ESM build gets, for import.meta.url, the URL of its file in the ESM build, so the paths it resolves from there
 * (dist/precompiled/, spec/, package.json) are the ESM build's.
 */
function commonJsPlugin(outfile: string, shared: ReadonlyMap<string, string>): Plugin {
  return {
    name: 'kit-commonjs',
    setup(bundle) {
      /** For each inlined package: the packages, from the kit on, through which it is required. */
      const chains = new Map<string, readonly string[]>();
      const chainOf = (importer: string): readonly string[] => {
        const dir = packageDirOf(importer);
        return dir === undefined ? [] : (chains.get(dir) ?? []);
      };
      const standIns = new Set(shared.values());
      bundle.onResolve({ filter: /^\./ }, ({ path, resolveDir }) => {
        const file = join(resolveDir, path);
        return standIns.has(file) ? { path: specifier(outfile, file), external: true } : undefined;
      });
      bundle.onResolve({ filter: /^[^./]/ }, async ({ path, importer, resolveDir, kind, pluginData }) => {
        if (pluginData === RESOLVING) return undefined;
        const name = packageName(path);
        const standIn = shared.get(name);
        if (standIn !== undefined) return { path: specifier(outfile, standIn), external: true };
        if (isBuiltin(path) || PEERS.has(name) || kind === 'dynamic-import') return { path, external: true };
        // as the bundle will load it: with require(); a package whose exports offer only `import` is ES modules only
        const asRequired = await bundle.resolve(path, { kind: 'require-call', resolveDir, pluginData: RESOLVING });
        const resolved =
          asRequired.errors.length === 0
            ? asRequired
            : await bundle.resolve(path, { kind: 'import-statement', resolveDir, pluginData: RESOLVING });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const chain = chainOf(importer);
        const dir = packageDirOf(resolved.path);
        if (dir !== undefined && reachesEsModule(dir, resolved.path)) {
          chains.set(dir, [...chain, name]);
          return { path: resolved.path };
        }
        if (chain.length === 0) return { path, external: true };
        return { path: JSON.stringify([chain, path]), namespace: 'required-from' };
      });
      bundle.onLoad({ filter: /.*/, namespace: 'required-from' }, ({ path }) => {
        const [chain, id] = JSON.parse(path) as [string[], string];
        return { contents: `module.exports = __kitRequireFrom(${JSON.stringify(chain)}, ${JSON.stringify(id)});`, loader: 'js' };
      });
      bundle.onLoad({ filter: /\.js$/ }, ({ path }) => {
        if (!path.startsWith(DIST + sep)) return undefined;
        const url = `__kitModuleUrl(${JSON.stringify(relative(DIST, path).split(sep).join('/'))})`;
        return { contents: readFileSync(path, 'utf8').replaceAll('import.meta.url', url), loader: 'js' };
      });
    },
  };
}

/**
 * Whether the package in `dir`, whose entry for require() is `file`, is ES modules only or depends (package.json
 * dependencies, transitively) on a package that is. A dependency that require() cannot resolve because its exports
 * offer only `import` counts as ES modules only; one with nothing to load (types only, an absent optional) does not.
 * Dependencies are resolved as Node resolves them (`module-sync` included): at worst that inlines one more package.
 */
function reachesEsModule(dir: string, file: string, memo = new Map<string, boolean>()): boolean {
  const known = memo.get(dir);
  if (known !== undefined) return known;
  memo.set(dir, false); // a dependency cycle adds nothing
  let reaches = isEsModule(file);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const fromDir = createRequire(join(dir, 'package.json'));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    if (reaches) break;
    let entry: string;
    try {
      entry = fromDir.resolve(dependency);
    } catch (error) {
      reaches = (error as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
      continue;
    }
    const entryDir = packageDirOf(entry);
    if (entryDir !== undefined) reaches = reachesEsModule(entryDir, entry, memo);
  }
  memo.set(dir, reaches);
  return reaches;
}

/** The options both bundles are built with. */
const COMMON = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // what Jest's CommonJS mode resolves with: require, node, default (not esbuild's extra `module`)
  conditions: [],
  mainFields: ['main'],
  legalComments: 'none',
  metafile: true,
  absWorkingDir: ROOT,
  logLevel: 'silent',
} satisfies BuildOptions;

/** (1) Fastify as one CommonJS file, with the names Node's ESM loader finds in it (cjs-module-lexer reads the last line). */
async function vendorFastify(): Promise<Metafile> {
  const result = await build({
    ...COMMON,
    stdin: { contents: "module.exports = require('fastify');", resolveDir: ROOT, loader: 'js', sourcefile: 'vendor-fastify.cjs' },
    outfile: VENDORED_FASTIFY,
    banner: { js: BANNER },
    plugins: [commonJsPlugin(VENDORED_FASTIFY, new Map())],
  });
  noWarnings('Fastify', result.warnings);
  // loading it is the first check that it works; its names are Fastify's
  const names = Object.keys(createRequire(import.meta.url)(VENDORED_FASTIFY) as object).filter(
    (name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name),
  );
  writeFileSync(VENDORED_FASTIFY, `${readFileSync(VENDORED_FASTIFY, 'utf8')}0 && (module.exports = { ${names.join(', ')} });\n`);
  return result.metafile;
}

/** Every .js file of the ESM build (tsc's output), absolute. */
function esmFiles(dir = DIST): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === CJS_DIR || path === VENDOR_DIR ? [] : esmFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** (1) The ESM build imports the vendored Fastify; its declarations still name the fastify package, for its types. */
function pointEsmBuildAtVendoredFastify(): void {
  for (const file of esmFiles()) {
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(/(\bfrom\s*|\bimport\s*\(\s*)(['"])fastify\2/g, (_all, before: string, quote: string) => {
      return `${before}${quote}${specifier(file, VENDORED_FASTIFY)}${quote}`;
    });
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

/** (2) dist/cjs/kit.cjs and a file per entry. */
async function bundleCommonJs(): Promise<Metafile> {
  // Each entry behind a getter that require()s it: esbuild then initialises an entry's modules on first use, so the main
  // entry never loads the /msw entry's msw (an optional peer).
  const getters = Object.entries(ENTRIES).map(([name, file]) => `  get ${name}() { return require('./${file}'); },`);
  const result = await build({
    ...COMMON,
    stdin: { contents: `module.exports = {\n${getters.join('\n')}\n};`, resolveDir: DIST, loader: 'js', sourcefile: 'kit-entries.cjs' },
    outfile: BUNDLE,
    // import() becomes a require() in a promise: Jest's CommonJS mode has no import()
    supported: { 'dynamic-import': false },
    banner: {
      js: `${BANNER}\nconst __kitModuleUrl = (file) => require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', file)).href;`,
    },
    plugins: [commonJsPlugin(BUNDLE, new Map([['fastify', VENDORED_FASTIFY]]))],
  });
  noWarnings('the CommonJS build', result.warnings);
  for (const [name, file] of Object.entries(ENTRIES)) {
    const entry = join(CJS_DIR, file.replace(/\.js$/, '.cjs'));
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(entry, `'use strict';\nmodule.exports = require('${specifier(entry, BUNDLE)}').${name};\n`);
  }
  return result.metafile;
}

/**
 * (3) The entries' declarations for require(): the ESM build's, copied (those the entries reach) into dist/cjs/, whose
 * package.json makes them CommonJS. A CommonJS consumer then resolves what they import (msw's types) as it resolves its
 * own imports; re-exporting the ESM declarations instead would give it msw's ESM types beside its own CommonJS ones,
 * two incompatible declarations of the same classes.
 */
function copyDeclarations(): void {
  const queue = Object.values(ENTRIES).map((file) => join(DIST, file.replace(/\.js$/, '.d.ts')));
  const copied = new Set<string>();
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (copied.has(file)) continue;
    copied.add(file);
    const text = readFileSync(file, 'utf8');
    const target = join(CJS_DIR, relative(DIST, file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    for (const [, path] of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)'(\.[^']+)'/g))
      queue.push(join(dirname(file), path!.replace(/\.js$/, '.d.ts')));
  }
  writeFileSync(join(CJS_DIR, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}

/** (3) The licence text of every package inlined into a shipped file, once per distinct text. */
function writeLicenses(metafiles: readonly Metafile[]): void {
  const dirs = new Set<string>();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const dir = packageDirOf(join(ROOT, input));
      if (dir !== undefined) dirs.add(dir);
    }
  }
  const texts = new Map<string, Set<string>>();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    const file = readdirSync(dir).find((entry) => /^(licen[sc]e|copying)/i.test(entry));
    const text =
      file === undefined
        ? `${manifest.license ?? 'No licence stated'} (the package ships no licence file)`
        : readFileSync(join(dir, file), 'utf8').trim();
    texts.set(text, (texts.get(text) ?? new Set()).add(`${manifest.name ?? dir}@${manifest.version ?? '?'}`));
  }
  const sections = [...texts.entries()]
    .map(([text, packages]) => ({ text, names: [...packages].sort() }))
    .sort((a, b) => (a.names[0] ?? '').localeCompare(b.names[0] ?? ''))
    .map(({ text, names }) => `${names.join(', ')}:\n\n${text.replace(/^/gm, '    ')}`);
  const intro = 'Licences of the packages whose code dist/vendor/fastify.cjs and dist/cjs/kit.cjs contain (written by scripts/bundle.ts).';
  writeFileSync(join(VENDOR_DIR, 'LICENSES.txt'), `${intro}\n\n${sections.join('\n\n')}\n`);
}

const fastify = await vendorFastify();
pointEsmBuildAtVendoredFastify();
const commonJs = await bundleCommonJs();
copyDeclarations();
writeLicenses([fastify, commonJs]);
console.log(`wrote ${relative(ROOT, VENDORED_FASTIFY)}, ${relative(ROOT, CJS_DIR)}/ and ${relative(ROOT, VENDOR_DIR)}/LICENSES.txt`);
