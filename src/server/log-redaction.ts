import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { redactUrl } from '../url-credentials.js';
import { responseLogView } from './log-fields.js';

/** What a request log line shows of a request: no headers, and the URL with every credential in its query redacted. */
export function requestLogView(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * The logger setting with the fake's request serializer in place of Fastify's, which logs the URL as is: a signed
 * request carries its access_token and sign in the query. Set last, so a caller's serializers cannot undo it. The
 * response serializer adds the vendor code and the answer's source (log-fields.ts).
 */
export function redactingLogger(logger: FastifyServerOptions['logger']): NonNullable<FastifyServerOptions['logger']> {
  if (logger === undefined || logger === false) return false;
  const base = logger === true ? {} : logger;
  return { ...base, serializers: { ...base.serializers, req: requestLogView, res: responseLogView as never } };
}
