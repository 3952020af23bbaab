import type { onRequestAsyncHookHandler } from 'fastify';
import { forcedError, type ErrorRegistry } from '../../errors.js';
import { sendRateLimited, type SendError } from '../error-reply.js';
import { stateOf } from '../request-state.js';

/** Seconds in Retry-After of a forced 30003 without `retry-after=`. */
export const RETRY_AFTER_DEFAULT_S = 1;

/** Step 6: the error a client forced (`Prefer: code=N`), with the spec's status and envelope; Retry-After for 30003. */
export function forcedErrorStep(errors: ErrorRegistry, sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const { code, retryAfter = RETRY_AFTER_DEFAULT_S } = stateOf(request).preferences;
    const forced = code === undefined ? undefined : forcedError(errors, code);
    if (forced === undefined) return undefined;
    const message = forced.message(retryAfter);
    if (forced.kind === 'accessFrequencyLimitExceeded') return sendRateLimited(sendError, request, reply, retryAfter, message);
    return sendError(request, reply, forced.kind, message);
  };
}
