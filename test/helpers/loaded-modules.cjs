// Preloaded with `node --require` by test/e2e/built-server.test.ts: at exit, writes the files of every CommonJS module
// the process loaded (ajv, yaml and fast-json-stringify are all CommonJS) to the file named by LOADED_MODULES_FILE.
'use strict';
const { writeFileSync } = require('node:fs');

process.on('exit', () => writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache))));
