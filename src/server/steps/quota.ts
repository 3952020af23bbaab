import type { onRequestAsyncHookHandler } from 'fastify';
import { errorMessages } from '../../errors.js';
import type { SendError } from '../error-reply.js';
import { stateOf } from '../request-state.js';
import type { Quota } from '../scenarios/rate-limit.js';

/** Step 4 (`--quota`): a 30002 once the caller's successful calls reach the quota (the route records each success). */
export function quotaStep(quota: Pick<Quota, 'exhausted'>, sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const { credential } = stateOf(request);
    if (credential === '' || !quota.exhausted(credential)) return undefined;
    return sendError(request, reply, 'dataLimitExceeded', errorMessages.dataLimitExceeded());
  };
}
