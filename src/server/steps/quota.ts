import type { onRequestAsyncHookHandler } from 'fastify';
import { errorMessages } from '../../errors.js';
import type { SendError } from '../error-reply.js';
import type { Quota } from '../scenarios/rate-limit.js';

/** Step 4 (`--quota`): a 30002 once the caller's successful calls reach the quota (the route records each success). */
export function quotaStep(quota: Quota, sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    if (request.credential === '' || !quota.exhausted(request.credential)) return undefined;
    return sendError(request, reply, 'dataLimitExceeded', errorMessages.dataLimitExceeded());
  };
}
