#!/usr/bin/env node
import { processIo } from './cli/io.js';
import { runCli } from './cli/run-cli.js';
import { closeOnSignals } from './cli/shutdown.js';

const outcome = await runCli(process.argv.slice(2), processIo);
if (outcome.server) closeOnSignals(outcome.server.app, processIo);
else process.exitCode = outcome.exitCode;
