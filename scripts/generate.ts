import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateTypes } from './generate-types.js';
import { VENDOR_EXAMPLE_FILE, vendorExampleJson } from './vendor-example.js';
import { loadSpec } from '../src/openapi/load-spec.js';
import { OPTIONS_DOC, renderOptionsDoc } from './options-doc.js';

const out = resolve(process.argv[2] ?? 'src/generated/types.ts');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, await generateTypes(loadSpec()));
console.log(`wrote ${out}`);

const example = resolve(VENDOR_EXAMPLE_FILE);
writeFileSync(example, vendorExampleJson(loadSpec()));
console.log(`wrote ${example}`);

mkdirSync(dirname(OPTIONS_DOC), { recursive: true });
writeFileSync(OPTIONS_DOC, renderOptionsDoc());
console.log(`wrote ${OPTIONS_DOC}`);
