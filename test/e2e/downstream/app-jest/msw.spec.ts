// The /msw entry under Jest, as kit.spec.ts beside it: MSW's setupServer with the kit's handlers.
import { setupServer } from 'msw/node';
import { fakeHandlers } from 'fastmoss-toppotential-kit/msw';

const server = setupServer(...fakeHandlers({ seed: 1 }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('MSW: fetch to the vendor URL answered by the fake, in-process', async () => {
  const answer = await fetch('https://openapi.fastmoss.com/creator/v1/rank/topPotential', {
    method: 'POST',
    headers: { authorization: 'Bearer app-token', 'content-type': 'application/json' },
    body: JSON.stringify({ pagesize: 2 }),
  });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('x-fake-source')).toBe('generated');
  expect(((await answer.json()) as { data: { list: unknown[] } }).data.list).toHaveLength(2);
});
