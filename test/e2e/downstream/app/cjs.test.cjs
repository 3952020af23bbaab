// The same app, CommonJS: require() of the kit, which loads its CommonJS build (package.json exports, `require`).
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { after, test } = require('node:test');
const { setupServer } = require('msw/node');
const { buildFakeServer, startFakeServer } = require('fastmoss-toppotential-kit');
const { fakeHandlers } = require('fastmoss-toppotential-kit/msw');

const ENDPOINT = '/creator/v1/rank/topPotential';
const request = (body) => ({
  method: 'POST',
  headers: { authorization: 'Bearer app-token', 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

test('require: startFakeServer', async () => {
  const fake = await startFakeServer({ seed: 2 });
  after(() => fake.close());
  const answer = await fetch(`${fake.url}${ENDPOINT}`, request({ pagesize: 1 }));
  assert.equal((await answer.json()).data.list.length, 1);
  assert.equal((await fetch(`${fake.url}/healthz`)).status, 200);
});

test('require: buildFakeServer + inject, a forced error', async () => {
  const app = buildFakeServer();
  after(() => app.close());
  const answer = await app.inject({ method: 'POST', url: ENDPOINT, headers: { prefer: 'code=30002' }, payload: {} });
  assert.equal(answer.statusCode, 403);
  assert.equal(answer.json().code, 30002);
});

test('require: MSW handlers', async () => {
  const server = setupServer(...fakeHandlers());
  server.listen({ onUnhandledRequest: 'error' });
  after(() => server.close());
  const answer = await fetch(`https://openapi.fastmoss.com${ENDPOINT}`, request({ pagesize: 4 }));
  assert.equal((await answer.json()).data.list.length, 4);
});

test('require: the spec exports', () => {
  assert.match(readFileSync(require.resolve('fastmoss-toppotential-kit/spec/openapi.yaml'), 'utf8'), /^openapi: 3\.1/m);
  assert.ok(require('fastmoss-toppotential-kit/spec/openapi.json').paths[ENDPOINT].post);
  assert.equal(require('fastmoss-toppotential-kit/package.json').name, 'fastmoss-toppotential-kit');
});
