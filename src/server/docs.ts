import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { errorMessages } from '../errors.js';
import type { ApiDescription } from '../openapi/describe.js';
import { specYaml, withInlineExamples } from '../openapi/published.js';
import type { SendError } from './error-reply.js';

/** The spec as the docs page shows it: the fake itself first among the servers, so "try it" calls the fake and never production. */
export async function docsDocument(api: ApiDescription): Promise<OpenAPIV3_1.Document> {
  const variant = await withInlineExamples(api);
  variant.servers = [{ url: '/', description: 'This fake server (try-it calls it)' }, ...(api.doc.servers ?? [])];
  return variant;
}

/** Headers of the docs app's answers that belong to its own (injected) connection, not to the caller's. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);

/** Swagger UI over the docs variant of the spec, in a Fastify app of its own. */
export async function buildDocsApp(api: ApiDescription): Promise<FastifyInstance> {
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
  const docs = Fastify({ logger: false });
  await docs.register(swagger, { mode: 'static', specification: { document: (await docsDocument(api)) as never } });
  await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { tryItOutEnabled: true, displayRequestDuration: true } });
  await docs.ready();
  return docs;
}

/**
 * /docs (Swagger UI), and the raw spec at /openapi.yaml (the file) and /openapi.json (the same, as JSON). Swagger UI
 * is slow to load, and most runs never open the page; so /docs is answered by a separate Fastify app built on its
 * first request, and relayed (status, headers, bytes). A build that fails answers that request with a 500 envelope
 * saying why and is forgotten, so the next request tries again and closing the server is not held up by it.
 */
export function registerDocs(
  app: FastifyInstance,
  api: ApiDescription,
  sendError: SendError,
  build: (api: ApiDescription) => Promise<FastifyInstance> = buildDocsApp,
): void {
  let yaml: string | undefined;
  let json: string | undefined;
  app.get('/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send((yaml ??= specYaml(api))));
  app.get('/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send((json ??= JSON.stringify(api.doc))),
  );
  let docsApp: Promise<FastifyInstance> | undefined;
  const relay = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const building = (docsApp ??= build(api));
    let docs: FastifyInstance;
    try {
      docs = await building;
    } catch (error) {
      if (docsApp === building) docsApp = undefined;
      request.log.error({ err: error }, 'the docs page could not be built');
      return sendError(
        request,
        reply,
        'serviceError',
        errorMessages.docsUnavailable(error instanceof Error ? error.message : String(error)),
      );
    }
    const answer = await docs.inject({ method: 'GET', url: request.url, headers: request.headers });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !CONNECTION_HEADERS.has(name)) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  app.get('/docs', relay);
  app.get('/docs/*', relay);
  app.addHook('onClose', async () => {
    const docs = await docsApp?.catch(() => undefined);
    await docs?.close();
  });
}
