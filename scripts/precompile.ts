// The build's second step (after tsc): writes dist/precompiled/, which src/openapi/precompiled.ts finds from dist/openapi/.
import { fileURLToPath } from 'node:url';
import { precompile } from './precompile-artefacts.js';

const { files, skipped } = await precompile(fileURLToPath(new URL('../dist/precompiled/', import.meta.url)));
for (const file of files) console.log(`precompiled ${file}`);
for (const why of skipped) console.warn(`not precompiled (Fastify compiles it at start-up): ${why}`);
