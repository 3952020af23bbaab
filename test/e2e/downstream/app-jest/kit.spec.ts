// A downstream app's Jest tests of the main entry, with docs/jest.md's configuration (test/e2e/downstream/downstream.test.ts
// writes it from that page): run in both of Jest's modes, with ts-jest and with @swc/jest, on each Node line README lists.
import { buildFakeServer, startFakeServer, type TopPotentialResult } from 'fastmoss-toppotential-kit';

const ENDPOINT = '/creator/v1/rank/topPotential';
const request = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { authorization: 'Bearer app-token', 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

test("Jest runs this file in the mode the run asked for (CommonJS has require, Jest's ESM mode does not)", () => {
  expect(typeof require === 'function' ? 'commonjs' : 'esm').toBe(process.env['JEST_MODE']);
});

test('startFakeServer: a real URL for the HTTP client under test', async () => {
  const fake = await startFakeServer({ seed: 1, now: new Date('2026-04-15T00:00:00Z') });
  try {
    const answer = await fetch(`${fake.url}${ENDPOINT}`, request({ pagesize: 3 }));
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as TopPotentialResult;
    if (result.code !== 0) throw new Error(result.message);
    expect(result.data.list).toHaveLength(3);
    expect(result.data.date_value).toBe('2026-03');
  } finally {
    await fake.close();
  }
});

test('buildFakeServer + inject: no port, a refused field named, a forced error', async () => {
  const app = buildFakeServer({ seed: 1 });
  try {
    const refused = await app.inject({ method: 'POST', url: ENDPOINT, headers: { authorization: 'Bearer t' }, payload: { pagesiz: 10 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 10001, message: expect.stringMatching(/pagesiz/) });
    const limited = await app.inject({
      method: 'POST',
      url: ENDPOINT,
      headers: { authorization: 'Bearer t', prefer: 'code=30003' },
      payload: {},
    });
    expect(limited.statusCode).toBe(429);
  } finally {
    await app.close();
  }
});
