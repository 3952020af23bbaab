import type { FastifyInstance } from 'fastify';
import type { ApiDescription } from '../openapi/describe.js';
import { kitVersion } from '../kit-version.js';

/**
 * GET /healthz: 200 with a small JSON body once the fake can answer, for CI jobs and orchestrators waiting on it. A
 * route of its own, outside the endpoint's hooks, so it never meets auth, `Prefer`, latency, rate limits or quotas,
 * and it is served with `docs: false` too.
 */
export function registerHealth(app: FastifyInstance, api: ApiDescription): void {
  const body = JSON.stringify({
    status: 'ok',
    service: 'fastmoss-toppotential-kit fake',
    version: kitVersion(),
    endpoint: `${api.method} ${api.path}`,
  });
  app.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(body),
  );
}
