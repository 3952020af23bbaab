import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { SPEC_PATH, type SpecDocument } from '../spec/load-spec.js';

/**
 * The spec as the docs page shows it: the fake itself first among the servers, so "try it" calls the fake and
 * never production, and the example kept in a fixture file inlined (the browser cannot fetch it).
 */
export function docsDocument(doc: SpecDocument): OpenAPIV3_1.Document {
  const variant = structuredClone(doc);
  variant.servers = [{ url: '/', description: 'This fake server (try-it calls it)' }, ...(doc.servers ?? [])];
  for (const example of Object.values(variant.components.examples ?? {}) as OpenAPIV3_1.ExampleObject[]) {
    if (example.externalValue === undefined) continue;
    example.value = JSON.parse(readFileSync(new URL(example.externalValue, new URL(`file://${SPEC_PATH}`)), 'utf8')) as unknown;
    delete example.externalValue;
  }
  return variant;
}

/** /docs (Swagger UI), and the raw spec at /openapi.yaml (the file) and /openapi.json (the same, as JSON). */
export function registerDocs(app: FastifyInstance, doc: SpecDocument): void {
  const yaml = readFileSync(SPEC_PATH, 'utf8');
  const json = JSON.stringify(doc);
  app.get('/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(yaml));
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(json));
  void app.register(swagger, { mode: 'static', specification: { document: docsDocument(doc) as never } });
  void app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { tryItOutEnabled: true, displayRequestDuration: true } });
}
