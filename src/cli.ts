#!/usr/bin/env node
import { boundHeapGrowth } from './cli/heap-growth.js';
import { processIo } from './cli/io.js';
import { runCli } from './cli/run-cli.js';
import { closeOnSignals } from './cli/shutdown.js';

if (process.argv[2] === 'serve') boundHeapGrowth(process.execArgv);
const outcome = await runCli(process.argv.slice(2), processIo);
if (outcome.server) closeOnSignals(outcome.server.app, processIo);
else process.exitCode = outcome.exitCode;
