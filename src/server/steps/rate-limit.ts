import type { onRequestAsyncHookHandler } from 'fastify';
import { errorMessages } from '../../errors.js';
import { sendRateLimited, type SendError } from '../error-reply.js';
import type { RateLimiter } from '../scenarios/rate-limit.js';
import { stateOf } from '../request-state.js';

/** Step 3 (`--rate-limit`): one call taken from the caller's bucket, or a 30003 with Retry-After. */
export function rateLimitStep(limiter: Pick<RateLimiter, 'take'>, sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const { credential } = stateOf(request);
    if (credential === '') return undefined;
    const wait = limiter.take(credential);
    return wait > 0 ? sendRateLimited(sendError, request, reply, wait, errorMessages.accessFrequencyLimitExceeded(wait)) : undefined;
  };
}
