// Before a tap run: rebuild tap's Test class for this project's plugin set when the installed build is another one.
// tap rebuilds it on its own when the configured plugins differ, but the run that rebuilds still starts every test
// process with the old set's loaders: after `npm ci` that is @tapjs/typescript (ts-node) beside tsx and @tapjs/mock's
// loader, in every test process. One `tap build` (about 4 s) when it is needed, else nothing.
// (The built module is read as text: importing it outside a tap run fails on a circular import.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const config = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).tap ?? {};
const excluded = (config.plugin ?? []).filter((name) => name.startsWith('!')).map((name) => name.slice(1));
const built = readFileSync(fileURLToPath(import.meta.resolve('@tapjs/test/built')), 'utf8');
const signature = /export const signature = `([^`]*)`/.exec(built)?.[1];
if (signature === undefined || signature.split('\n').some((plugin) => excluded.includes(plugin))) {
  const tap = fileURLToPath(new URL('../node_modules/.bin/tap', import.meta.url));
  const build = spawnSync(tap, ['build'], { stdio: 'inherit' });
  if (build.error) console.error(`tap build: ${build.error.message}`);
  process.exitCode = build.status ?? 1;
}
