/**
 * Start-up time of built servers: spawns `node dist/cli.js serve --port P` in each directory, POSTs `{}` to the
 * endpoint every 5 ms until it answers 200, and takes the time from spawn to that answer. Directories alternate, run
 * after run, so that a noisy machine weighs on all of them alike. Prints each run and the medians.
 *
 *   npx tsx scripts/startup-probe.ts --runs 9 /path/to/other/checkout .
 *   npx tsx scripts/startup-probe.ts --serve-flag=--no-docs .    # extra flags for serve
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '9' }, port: { type: 'string', default: '4900' }, 'serve-flag': { type: 'string', multiple: true, default: [] } }, allowPositionals: true });
const dirs = (positionals.length > 0 ? positionals : ['.']).map((dir) => resolve(dir));

function post(port: number): Promise<number> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/creator/v1/rank/topPotential', method: 'POST', headers: { authorization: 'Bearer x', 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', () => done(0));
    req.end('{}');
  });
}

async function startup(dir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/cli.js', 'serve', '--port', String(port), ...values['serve-flag']], { cwd: dir, stdio: 'ignore' });
  try {
    for (;;) {
      if ((await post(port)) === 200) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill();
    await exited;
  }
}

const times = new Map(dirs.map((dir) => [dir, [] as number[]]));
let port = Number(values.port);
for (let run = 0; run < Number(values.runs); run++) {
  for (const dir of dirs) {
    const ms = await startup(dir, port++);
    times.get(dir)?.push(ms);
    console.log(`run ${run + 1} ${dir}: ${ms.toFixed(0)} ms`);
  }
}
const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;
for (const [dir, list] of times) console.log(`median ${median(list).toFixed(0)} ms  (min ${Math.min(...list).toFixed(0)}, max ${Math.max(...list).toFixed(0)})  ${dir}`);
