import type { FastifyInstance } from 'fastify';
import { http, type HttpHandler } from 'msw';
import { resolveSpec } from '../openapi/describe.js';
import { buildFakeServer } from '../server/build-fake-server.js';
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

/** Answers of these statuses carry no body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Headers of the injected connection, not of the answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * The intercepted request, handed to the fake through `inject()`; its answer as a fetch Response. The request is one
 * the handler matched under `baseUrl`, so its path starts with the base URL's path prefix, which is cut off.
 */
async function answerThroughFake(app: FastifyInstance, request: Request, baseUrl: string): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, '').length);
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const answer = await app.inject({
    method: request.method as 'POST',
    url: `${path}${url.search}`,
    headers: Object.fromEntries(request.headers),
    ...(body === '' ? {} : { payload: body }),
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (HOP_BY_HOP.has(name)) continue;
    for (const one of [value].flat().filter((entry) => entry !== undefined)) headers.append(name, String(one));
  }
  // A copy as a plain Uint8Array: a BodyInit under both the DOM and the Node typings of fetch.
  return new Response(NULL_BODY_STATUSES.has(answer.statusCode) ? null : Uint8Array.from(answer.rawPayload), {
    status: answer.statusCode,
    headers,
  });
}
