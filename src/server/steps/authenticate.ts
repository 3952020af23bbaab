import type { onRequestAsyncHookHandler } from 'fastify';
import type { AuthRequest, AuthVerdict } from '../auth.js';
import type { SendError } from '../error-reply.js';
import { stateOf } from '../request-state.js';

/**
 * Step 2: who the caller is (its state's credential), or a 30001. Before any delay, so that a client without an accepted
 * credential cannot hold a socket with `Prefer: latency`. Skipped for a forced error (it needs no credential) and when
 * another source answers for auth itself (a proxy forwards the caller's own credentials).
 */
export function authenticateStep(
  authenticate: (request: AuthRequest) => AuthVerdict,
  sendError: SendError,
  sourceOwnsAuth: boolean,
): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const state = stateOf(request);
    if (sourceOwnsAuth || state.preferences.code !== undefined) return undefined;
    const verdict = authenticate({ authorization: request.headers.authorization, query: request.query });
    if (!verdict.ok) return sendError(request, reply, 'noAccessPermission', verdict.message);
    state.credential = verdict.credential.key;
    return undefined;
  };
}
