import type { onRequestAsyncHookHandler } from 'fastify';
import { errorMessages } from '../../errors.js';
import { sendRateLimited, type SendError } from '../error-reply.js';
import type { RateLimiter } from '../scenarios/rate-limit.js';

/** Step 3 (`--rate-limit`): one call taken from the caller's bucket, or a 30003 with Retry-After. */
export function rateLimitStep(limiter: RateLimiter, sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    if (request.credential === '') return undefined;
    const wait = limiter.take(request.credential);
    return wait > 0 ? sendRateLimited(sendError, request, reply, wait, errorMessages.accessFrequencyLimitExceeded(wait)) : undefined;
  };
}
