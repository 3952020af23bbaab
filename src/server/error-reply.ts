import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorKind, ErrorRegistry } from '../errors.js';
import { derivedRequestId } from './request-id.js';

export type SendError = (request: FastifyRequest, reply: FastifyReply, kind: ErrorKind, message: string) => FastifyReply;

/** The answer's identity: a timestamp from the clock and a request id derived from seed, request and clock. */
export function answerIdentity(seed: number, clock: () => Date) {
  return (request: FastifyRequest): { timestamp: number; request_id: string } => {
    const timestamp = Math.floor(clock().getTime() / 1000);
    const { headers } = request;
    const request_id = derivedRequestId(
      seed,
      request.method,
      request.url,
      headers['content-type'] ?? '',
      headers['content-length'] ?? '',
      String(headers['prefer'] ?? ''),
      request.rawBody ?? '',
      timestamp,
    );
    return { timestamp, request_id };
  };
}

/** Sends the vendor's error envelope with the registry's status and code for the kind. */
export function createSendError(errors: ErrorRegistry, identity: (request: FastifyRequest) => { timestamp: number; request_id: string }): SendError {
  return (request, reply, kind, message) => {
    const { status, code } = errors[kind];
    return reply.code(status).type('application/json').send({ code, data: null, message, ...identity(request) });
  };
}
