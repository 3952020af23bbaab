// A downstream app's tests, as docs/library.md shows them: ESM, node:test. Run by
// test/e2e/downstream/downstream.test.ts in an app that installed the packed kit, on each Node line README lists.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { setupServer } from 'msw/node';
import { buildFakeServer, startFakeServer } from 'fastmoss-toppotential-kit';
import { fakeHandlers } from 'fastmoss-toppotential-kit/msw';

const ENDPOINT = '/creator/v1/rank/topPotential';
const request = (body) => ({
  method: 'POST',
  headers: { authorization: 'Bearer app-token', 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

test('startFakeServer: a real URL for the HTTP client under test', async () => {
  const fake = await startFakeServer({ seed: 1, now: new Date('2026-04-15T00:00:00Z') });
  after(() => fake.close());
  const answer = await fetch(`${fake.url}${ENDPOINT}`, request({ pagesize: 3 }));
  assert.equal(answer.status, 200);
  const result = await answer.json();
  assert.equal(result.code, 0);
  assert.equal(result.data.list.length, 3);
  assert.equal(result.data.date_value, '2026-03');
});

test('buildFakeServer + inject: no port at all', async () => {
  const app = buildFakeServer({ seed: 1 });
  after(() => app.close());
  const refused = await app.inject({ method: 'POST', url: ENDPOINT, headers: { authorization: 'Bearer t' }, payload: { pagesiz: 10 } });
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.json().code, 10001);
  assert.match(refused.json().message, /pagesiz/);
});

test('MSW: fetch to the vendor URL answered by the fake, in-process', async () => {
  const server = setupServer(...fakeHandlers({ seed: 1 }));
  server.listen({ onUnhandledRequest: 'error' });
  after(() => server.close());
  const answer = await fetch(`https://openapi.fastmoss.com${ENDPOINT}`, request({ pagesize: 2 }));
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('x-fake-source'), 'generated');
  assert.equal((await answer.json()).data.list.length, 2);
  const limited = await fetch(`https://openapi.fastmoss.com${ENDPOINT}`, {
    ...request({}),
    headers: { ...request({}).headers, prefer: 'code=30003' },
  });
  assert.equal(limited.status, 429);
});

test('the spec, as YAML and as JSON, from the package exports', () => {
  const yaml = readFileSync(fileURLToPath(import.meta.resolve('fastmoss-toppotential-kit/spec/openapi.yaml')), 'utf8');
  assert.match(yaml, /^openapi: 3\.1/m);
  const json = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('fastmoss-toppotential-kit/spec/openapi.json')), 'utf8'));
  assert.equal(json.openapi.slice(0, 3), '3.1');
  assert.ok(json.paths[ENDPOINT].post);
});

test('the CLI in CI: serve, wait on /healthz, contract --junit, stop', async () => {
  const bin = join(process.cwd(), 'node_modules/.bin/fastmoss-kit');
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync('node_modules/fastmoss-toppotential-kit/package.json', 'utf8')).version);
  const serve = spawn(bin, ['serve', '--no-docs'], { env: { ...process.env, FAKE_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  after(() => serve.kill());
  const url = await new Promise((resolve, reject) => {
    let out = '';
    serve.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /server on (http:\/\/\S+?)[ ;]/.exec(out);
      if (match) resolve(match[1]);
    });
    serve.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  const health = await fetch(`${url}/healthz`);
  assert.equal(health.status, 200);
  assert.equal((await health.json()).status, 'ok');
  const dir = await mkdtemp(join(tmpdir(), 'downstream-esm-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const junit = join(dir, 'junit.xml');
  const contract = await new Promise((resolve) => {
    const child = spawn(
      bin,
      ['contract', '--base-url', url, '--token', 'ci-token', '--wait-s', '30', '--budget', '8', '--junit', junit, '--report-dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => resolve({ code, out }));
  });
  assert.equal(contract.code, 0, contract.out);
  assert.match(
    readFileSync(junit, 'utf8'),
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="fastmoss-kit contract" tests="\d+" failures="0"/,
  );
  serve.kill('SIGTERM');
  assert.equal(await new Promise((resolve) => serve.once('exit', resolve)), 0, 'SIGTERM stops the bin, exit 0');
});
