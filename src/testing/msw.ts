import type { FastifyInstance } from 'fastify';
import { http, type HttpHandler } from 'msw';
import { resolveSpec } from '../openapi/describe.js';
import { buildFakeServer } from '../server/build-fake-server.js';
import { answerThroughFake } from './answer-through-fake.js';
import type { FakeServerOptions } from '../server/options.js';

export interface FakeHandlersOptions extends FakeServerOptions {
  /**
   * Where the app under test sends its requests: an origin, with a path prefix if it has one. Default: the spec's
   * first server, https://openapi.fastmoss.com (production's URL, so an app configured for production is answered by
   * the fake and never reaches it).
   */
  readonly baseUrl?: string;
  /** A fake to answer through (from buildFakeServer); default: one built from the other options. */
  readonly app?: FastifyInstance;
}

/**
 * MSW (v2) request handlers that answer every request to `baseUrl` through the fake, in-process: for tests that
 * intercept `fetch` (msw/node's setupServer, or the browser worker) instead of opening a port. Validation, errors,
 * `Prefer` scenarios, rate limits and quotas behave as with a listening fake.
 *
 *   const server = setupServer(...fakeHandlers({ seed: 1 }));
 */
export function fakeHandlers(options: FakeHandlersOptions = {}): HttpHandler[] {
  const { baseUrl: given, app: existing, ...fakeOptions } = options;
  // The spec read once (a path would otherwise be read and parsed again by the fake), only when its server URL is needed.
  const doc = given === undefined ? resolveSpec(fakeOptions.spec).doc : undefined;
  const baseUrl = (given ?? doc?.servers?.[0]?.url ?? 'https://openapi.fastmoss.com').replace(/\/$/, '');
  const build = () => buildFakeServer(doc === undefined ? fakeOptions : { ...fakeOptions, spec: doc });
  let app = existing;
  return [http.all(`${baseUrl}/*`, async ({ request }) => answerThroughFake((app ??= build()), request, baseUrl))];
}
