import type { onRequestAsyncHookHandler } from 'fastify';
import { parsePrefer } from '../scenarios/prefer.js';
import type { SendError } from '../error-reply.js';
import { stateOf } from '../request-state.js';

/** Step 1: the scenario a client asked for (`Prefer`), or a 10001 naming what it cannot read. */
export function preferStep(errorCodes: readonly number[], sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const prefer = parsePrefer(request.headers['prefer'], errorCodes);
    if (!prefer.ok) return sendError(request, reply, 'invalidParameter', prefer.message);
    stateOf(request).preferences = prefer.preferences;
    return undefined;
  };
}
