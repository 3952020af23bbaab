import type { onRequestAsyncHookHandler } from 'fastify';
import type { Drain } from '../drain.js';
import { stateOf } from '../request-state.js';

/** Step 5: the delay a client asked for (`Prefer: latency`) or the server's (`--latency`); a drain cuts it short. */
export function delayStep(serverLatency: () => number, drain: Drain): onRequestAsyncHookHandler {
  return async (request) => {
    const delay = stateOf(request).preferences.latency ?? serverLatency();
    if (delay > 0) await drain.sleep(delay);
    return undefined;
  };
}
