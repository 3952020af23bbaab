// The build's second step (after tsc): writes dist/precompiled/, which src/openapi/precompiled.ts finds from dist/openapi/,
// and dist/openapi.json, the package's `./spec/openapi.json` export.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSpec } from '../src/openapi/load-spec.js';
import { precompile } from './precompile-artefacts.js';

const { files, skipped } = await precompile(fileURLToPath(new URL('../dist/precompiled/', import.meta.url)));
for (const file of files) console.log(`precompiled ${file}`);
for (const why of skipped) console.warn(`not precompiled (Fastify compiles it at start-up): ${why}`);

// spec/openapi.yaml's document as JSON (self-contained, like the YAML: its examples are inline).
const json = fileURLToPath(new URL('../dist/openapi.json', import.meta.url));
writeFileSync(json, `${JSON.stringify(readSpec(), null, 2)}\n`);
console.log(`wrote ${json}`);
