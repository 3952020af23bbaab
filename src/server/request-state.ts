import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Preferences } from './scenarios/prefer.js';

/**
 * What the fake keeps on each of its requests beside Fastify's own. Decorated on the fake's own instance (so every
 * request has the same shape) and read through `stateOf`, never by augmenting Fastify's types: an augmentation in the
 * kit's .d.ts would add these members to every Fastify app of a project that installs the kit.
 */
export interface RequestState {
  /** The body as received; undefined when there was none. */
  rawBody: string | undefined;
  /** The scenario the client asked for (`Prefer`), once the prefer step has read it. */
  preferences: Preferences;
  /** Who the caller is, once auth passed (`bearer <token>` or `client <client_id>`): the key of per-caller limits. */
  credential: string;
}

/** Gives every request of `app` the state above, empty. */
export function decorateRequestState(app: FastifyInstance): void {
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('preferences', null);
  app.decorateRequest('credential', '');
}

/** The state of a request of an app given decorateRequestState. */
export const stateOf = (request: FastifyRequest): RequestState => request as FastifyRequest & RequestState;
