import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { redactUrl } from '../url-credentials.js';
import { SOURCE_HEADER } from './answer-source.js';

/** The vendor code of each answer, read from its body as it is sent; only while a logger is on. */
const codes = new WeakMap<FastifyReply, number>();

/** The envelope's `code`, when the body is one: at its start as the fake writes it, else anywhere at its top level. */
export function envelopeCode(payload: unknown): number | undefined {
  const text =
    typeof payload === 'string'
      ? payload
      : Buffer.isBuffer(payload)
        ? payload.toString('utf8', 0, Math.min(payload.length, 65_536))
        : undefined;
  if (text === undefined) return undefined;
  const leading = /^\s*\{\s*"code"\s*:\s*(-?\d+)\s*[,}]/.exec(text.slice(0, 64))?.[1];
  if (leading !== undefined) return Number(leading);
  try {
    const code = (JSON.parse(text) as { code?: unknown } | null)?.code;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers each JSON answer's vendor code for the request log line (see responseLogView). */
export function registerLogFields(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').includes('json')) {
      const code = envelopeCode(payload);
      if (code !== undefined) codes.set(reply, code);
    }
    return payload;
  });
}

/**
 * What a request log line ("request completed") shows of the answer: the HTTP status, the vendor code of the envelope
 * and which source answered (x-fake-source: generated, recorded FILE, proxy), when known.
 */
export function responseLogView(reply: FastifyReply): Record<string, unknown> {
  const source = reply.getHeader(SOURCE_HEADER);
  const code = codes.get(reply);
  return {
    statusCode: reply.statusCode,
    ...(code === undefined ? {} : { code }),
    ...(source === undefined ? {} : { source: String(source) }),
  };
}

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
