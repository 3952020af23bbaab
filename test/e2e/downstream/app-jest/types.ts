// Type-checked, never run: what a consumer compiles against, under each moduleResolution TypeScript supports
// (test/e2e/downstream/downstream.test.ts runs tsc on it with node10, node16, nodenext and bundler). As a .ts file of
// this CommonJS app it takes the `require` types under node16/nodenext; types.mts beside it takes the `import` ones.
import { setupServer } from 'msw/node';
import { buildFakeServer, startFakeServer, type FakeServerOptions, type TopPotentialResult } from 'fastmoss-toppotential-kit';
import { fakeHandlers } from 'fastmoss-toppotential-kit/msw';

const options: FakeServerOptions = { seed: 1 };
export const server = setupServer(...fakeHandlers(options));
export const app = buildFakeServer(options);
export const started: Promise<{ url: string }> = startFakeServer(options);
export const narrowed = (result: TopPotentialResult): number => (result.code === 0 ? result.data.list.length : result.code);
