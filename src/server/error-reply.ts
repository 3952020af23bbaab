import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AnswerIdentity, ErrorKind, RenderError } from '../errors.js';
import { JSON_CONTENT_TYPE } from './ranking-serializer.js';
import { stateOf } from './request-state.js';

export type SendError = (request: FastifyRequest, reply: FastifyReply, kind: ErrorKind, message: string) => FastifyReply;

/**
 * A UUID-shaped id derived from what identifies an answer (seed, request, clock), so the same request to two
 * processes with the same seed and clock gets the same id. Version nibble 8 (RFC 9562 custom), variant 10.
 */
export function derivedRequestId(...parts: readonly (string | number)[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The answer's identity: a timestamp from the clock and a request id derived from seed, request and clock. */
export function answerIdentity(seed: number, clock: () => Date): (request: FastifyRequest) => AnswerIdentity {
  return (request) => {
    const timestamp = Math.floor(clock().getTime() / 1000);
    const { headers } = request;
    const request_id = derivedRequestId(
      seed,
      request.method,
      request.url,
      headers['content-type'] ?? '',
      headers['content-length'] ?? '',
      String(headers['prefer'] ?? ''),
      stateOf(request).rawBody ?? '',
      timestamp,
    );
    return { timestamp, request_id };
  };
}

/** Sends an error answer of the route or the server: the renderer's envelope, with this request's identity. */
export function createSendError(render: RenderError, identity: (request: FastifyRequest) => AnswerIdentity): SendError {
  return (request, reply, kind, message) => {
    const { status, body } = render(kind, message, identity(request));
    return reply.code(status).type(JSON_CONTENT_TYPE).send(body);
  };
}

/** Sends a 30003 (rate limited) with its Retry-After. */
export function sendRateLimited(
  sendError: SendError,
  request: FastifyRequest,
  reply: FastifyReply,
  seconds: number,
  message: string,
): FastifyReply {
  return sendError(request, reply.header('retry-after', String(seconds)), 'accessFrequencyLimitExceeded', message);
}
