import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AnswerIdentity, ErrorKind, RenderError } from '../errors.js';
import { JSON_CONTENT_TYPE } from './ranking-serializer.js';
import { derivedRequestId } from './request-id.js';
import { stateOf } from './request-state.js';

export type SendError = (request: FastifyRequest, reply: FastifyReply, kind: ErrorKind, message: string) => FastifyReply;

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
