import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ARTEFACTS } from '../src/openapi/precompiled.js';

/** Newest modification time (ms) of the files under `dir`, recursively. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Why dist/ needs a build, or undefined when it is up to date with src/, the spec and the build's scripts and configuration. */
export function staleReason(root: string): string | undefined {
  const output = join(root, 'dist/cli.js');
  if (!existsSync(output)) return 'dist/cli.js is missing';
  // A dist/ without every artefact of scripts/precompile.ts was built before precompiling, or failed half way.
  // The same for scripts/bundle.ts, the last step: the vendored Fastify and the CommonJS build.
  const artefacts = [
    ...Object.values(ARTEFACTS).map((name) => join(root, 'dist/precompiled', name)),
    join(root, 'dist/vendor/fastify.cjs'),
    join(root, 'dist/cjs/kit.cjs'),
  ];
  const missing = artefacts.find((file) => !existsSync(file));
  if (missing !== undefined) return `${missing} is missing`;
  const built = Math.min(statSync(output).mtimeMs, ...artefacts.map((file) => statSync(file).mtimeMs));
  const inputs = [
    newestMtime(join(root, 'src')),
    newestMtime(join(root, 'scripts')),
    ...['spec/openapi.yaml', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((file) => statSync(join(root, file)).mtimeMs),
  ];
  return Math.max(...inputs) > built ? 'src/, scripts/, the spec or the build configuration changed since the last build' : undefined;
}

/** Runs `npm run build` when dist/ is missing or older than its sources. */
export function ensureBuilt(root: string, log: (line: string) => void): void {
  const reason = staleReason(root);
  if (reason === undefined) {
    log('dist/ is up to date');
    return;
  }
  log(`building (${reason}): npm run build`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(
      `Failed to build: npm run build exited with ${String(result.status)}. Fix the type errors it printed and run the bench again.`,
    );
}
