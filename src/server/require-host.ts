import type { onRequestHookHandler } from 'fastify';
import { errorMessages } from '../errors.js';
import type { SendError } from './error-reply.js';

/**
 * RFC 9112 requires a Host header in HTTP/1.1. Node refuses a request without one with a bare 400 of its own
 * (requireHostHeader), before Fastify sees it; the server turns that off and refuses it here, in the envelope, closing
 * the connection as Node would.
 */
export function requireHost(sendError: SendError): onRequestHookHandler {
  return (request, reply, done) => {
    if (request.headers.host !== undefined || request.raw.httpVersion !== '1.1') return done();
    reply.header('connection', 'close');
    sendError(request, reply, 'invalidParameter', errorMessages.missingHost());
  };
}
