import type { FastifyInstance } from 'fastify';

/** Answers of these statuses carry no body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Headers of the injected connection, not of the answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * The intercepted request, handed to the fake through `inject()`; its answer as a fetch Response. The request is one
 * the handler matched under `baseUrl`, so its path starts with the base URL's path prefix, which is cut off.
 */
export async function answerThroughFake(app: FastifyInstance, request: Request, baseUrl: string): Promise<Response> {
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
