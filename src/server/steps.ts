/**
 * The request pipeline of the endpoint, one onRequest hook a step, in the order a request meets them; each step
 * answers (and stops the request) or passes it on.
 */
import type { onRequestAsyncHookHandler } from 'fastify';
import { errorMessages, forcedError, type ErrorRegistry } from '../errors.js';
import type { AuthRequest, AuthVerdict } from './auth.js';
import type { Drain } from './drain.js';
import { sendRateLimited, type SendError } from './error-reply.js';
import { stateOf } from './request-state.js';
import { parsePrefer } from './scenarios/prefer.js';
import type { Quota, RateLimiter } from './scenarios/rate-limit.js';

/** Step 1: the scenario a client asked for (`Prefer`), or a 10001 naming what it cannot read. */
export function preferStep(errorCodes: readonly number[], sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const prefer = parsePrefer(request.headers['prefer'], errorCodes);
    if (!prefer.ok) return sendError(request, reply, 'invalidParameter', prefer.message);
    stateOf(request).preferences = prefer.preferences;
    return undefined;
  };
}

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

/** Step 3 (`--rate-limit`): one call taken from the caller's bucket, or a 30003 with Retry-After. */
export function rateLimitStep(limiter: Pick<RateLimiter, 'take'>, sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const { credential } = stateOf(request);
    if (credential === '') return undefined;
    const wait = limiter.take(credential);
    return wait > 0 ? sendRateLimited(sendError, request, reply, wait, errorMessages.accessFrequencyLimitExceeded(wait)) : undefined;
  };
}

/** Step 4 (`--quota`): a 30002 once the caller's successful calls reach the quota (the route records each success). */
export function quotaStep(quota: Pick<Quota, 'exhausted'>, sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const { credential } = stateOf(request);
    if (credential === '' || !quota.exhausted(credential)) return undefined;
    return sendError(request, reply, 'dataLimitExceeded', errorMessages.dataLimitExceeded());
  };
}

/** Step 5: the delay a client asked for (`Prefer: latency`) or the server's (`--latency`); a drain cuts it short. */
export function delayStep(serverLatency: () => number, drain: Drain): onRequestAsyncHookHandler {
  return async (request) => {
    const delay = stateOf(request).preferences.latency ?? serverLatency();
    if (delay > 0) await drain.sleep(delay);
    return undefined;
  };
}

/** Step 6: the error a client forced (`Prefer: code=N`), with the spec's status and envelope; Retry-After for 30003. */
export function forcedErrorStep(errors: ErrorRegistry, sendError: SendError): onRequestAsyncHookHandler {
  return async (request, reply) => {
    // Retry-After of a forced 30003 without `retry-after=`: one second.
    const { code, retryAfter = 1 } = stateOf(request).preferences;
    const forced = code === undefined ? undefined : forcedError(errors, code);
    if (forced === undefined) return undefined;
    const message = forced.message(retryAfter);
    if (forced.kind === 'accessFrequencyLimitExceeded') return sendRateLimited(sendError, request, reply, retryAfter, message);
    return sendError(request, reply, forced.kind, message);
  };
}
