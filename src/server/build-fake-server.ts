import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { createErrorRegistry, createErrorRenderer, errorMessages } from '../errors.js';
import { createDataStore } from '../data/data-store.js';
import { queryRanking, toRankingQuery } from '../data/query.js';
import { resolveSpec } from '../openapi/describe.js';
import { componentSchemaDocument } from '../openapi/json-schema.js';
import { itemFacts } from '../openapi/item-facts.js';
import { requestValidatorFor } from '../openapi/request-validator.js';
import { redactUrl } from '../url-credentials.js';
import { SOURCE_HEADER, type SourcedRequest } from './answer-source.js';
import { createAuthenticator } from './auth.js';
import { createClientErrorHandler, createConnectHandler, createExpectationHandler, requireHost } from './client-errors.js';
import { registerDocs } from './docs.js';
import { registerDrain } from './drain.js';
import { registerHealth } from './health.js';
import { redactingLogger, registerLogFields } from './log-fields.js';
import { answerIdentity, createSendError, sendRateLimited } from './error-reply.js';
import { ENTRY_BYTES, type MemoryUsage } from './memory-budget.js';
import { resolveOptions, type FakeServerOptions } from './options.js';
import { createRankingSerializer, JSON_CONTENT_TYPE } from './ranking-serializer.js';
import { limitPipelining } from './pipelining.js';
import { createRankingSource } from './ranking-source.js';
import { createFakeState } from './fake-state.js';
import { decorateRequestState, stateOf } from './request-state.js';
import type { Preferences } from './scenarios/prefer.js';
import { readBody } from './read-body.js';
import { createRememberedBodies } from './remembered-bodies.js';
import { compilersFor, routeSchema } from './schema-compilers.js';
import { followSpec } from './spec-follow.js';
import { driftedSpec } from './drift-follow.js';
import type { NotExpressed } from '../contract/propose-spec.js';
import { authenticateStep, delayStep, forcedErrorStep, preferStep, quotaStep, rateLimitStep } from './steps.js';

/** The fake: a Fastify instance, plus what tests need of it. */
export interface FakeServer extends FastifyInstance {
  /** What each cache and per-token table holds now, against its bound (derived from the memory ceiling). */
  memoryUsage(): MemoryUsage;
  /**
   * Forgets what earlier requests changed: every token's rate-limit bucket and quota count, the bound on new seeds,
   * and the seeded draws of `latency` ranges and `failRate`, which start again from the beginning of their sequences.
   * The fake then answers as one just built with the same options (its caches are kept: they change no answer).
   */
  reset(): void;
  /** With the `drift` option: the findings the fake cannot show, each with why (empty without it). */
  readonly driftNotShown: readonly NotExpressed[];
}

class BodyError extends Error {}

const OTHER_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
/** What an absent body is validated as (frozen, so its verdict is remembered too). */
const NO_BODY = Object.freeze({});

/**
 * The fake server: a Fastify instance that answers the spec's one endpoint like production would, with data
 * from the seed's universe. It does not listen; call `inject()` in tests or `listen()` in a CLI. Its response
 * serializers are the build's precompiled ones when current, else Fastify's.
 */
export function buildFakeServer(options: FakeServerOptions = {}): FakeServer {
  const settings = resolveOptions(options);
  const drifted = options.drift === undefined ? undefined : driftedSpec(options.spec, options.drift, settings.seed);
  const api = resolveSpec(drifted?.doc ?? options.spec);
  const { doc, defaults } = api;
  const errors = createErrorRegistry(api);
  const following = followSpec(api, settings.seed);
  const renderError = createErrorRenderer(errors, following?.shapeError);
  const errorCodes = [...new Set(Object.values(errors).map((e) => e.code))].sort();
  const validate = requestValidatorFor(api);
  const authenticate = createAuthenticator({ ...settings, security: api.security });
  const { memory } = settings;
  const store = createDataStore({
    homeSeed: settings.seed,
    monotonicMs: settings.monotonicMs,
    ...memory,
    richRowWeight: ENTRY_BYTES.richRankingRow / ENTRY_BYTES.rankingRow,
    itemFacts: itemFacts(api),
  });
  const state = createFakeState(settings);
  const { limiter, quota } = state;
  const rankingOf = createRankingSource(store, state.newSeed);
  const identity = answerIdentity(settings.seed, settings.clock);
  const bodies = createRememberedBodies(settings.maxDepth, validate, memory.bodies);
  const serializeRanking = createRankingSerializer(memory);
  const sendError = createSendError(renderError, identity);
  const nodeAnswers = { ...settings, renderError };

  const app = Fastify({
    logger: redactingLogger(options.logger),
    bodyLimit: settings.bodyLimit,
    exposeHeadRoutes: false,
    return503OnClosing: false,
    requestTimeout: settings.requestTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    http: {
      maxHeaderSize: settings.maxHeaderSize,
      requireHostHeader: false,
      // Node gives the head the smaller of headersTimeout (60 s by default) and requestTimeout, and the whole request
      // the larger: a body could trickle in for a minute. One limit for both: the whole request within requestTimeout.
      headersTimeout: settings.requestTimeoutMs,
      // Node looks for expired requests every connectionsCheckingInterval (30 s by default): a 408 comes at most a
      // tenth of the limit (and at most 1 s) late.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.round(settings.requestTimeoutMs / 10))),
    },
    clientErrorHandler: createClientErrorHandler(nodeAnswers),
    schemaController: {
      compilersFactory: compilersFor(doc),
    },
    frameworkErrors: (error, request, reply) => {
      void sendError(
        request,
        reply,
        'invalidParameter',
        errorMessages.badRequest(error.message.replaceAll(request.url, redactUrl(request.url))),
      );
    },
  });
  app.server.on('connect', createConnectHandler(nodeAnswers, api.path));
  app.server.on('checkExpectation', createExpectationHandler(nodeAnswers));
  app.server.maxConnections = settings.maxConnections;
  limitPipelining(app);
  app.addHook('onRequest', requireHost(sendError));
  const drain = registerDrain(app);
  app.decorate('memoryUsage', (): MemoryUsage => ({
    budget: memory,
    ...store.usage(),
    ...serializeRanking.usage(),
    bodies: bodies.usage(),
    ...(limiter ? { rateLimit: limiter.usage() } : {}),
    ...(quota ? { quota: quota.usage() } : {}),
  }));
  app.decorate('reset', state.reset);
  app.decorate('driftNotShown', drifted?.notShown ?? []);
  decorateRequestState(app);
  app.addSchema(componentSchemaDocument(doc));
  if (settings.cors) {
    // Imported only when asked for: a server without --cors starts without loading it.
    void app.register(import('@fastify/cors'), {
      origin: true,
      methods: [api.method],
      allowedHeaders: ['Authorization', 'Content-Type', 'Prefer'],
      exposedHeaders: ['Retry-After', SOURCE_HEADER],
    });
  }
  if (settings.docs) registerDocs(app, api, sendError);
  registerHealth(app, api);
  if (options.logger) registerLogFields(app);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', (request, payload, done) =>
    readBody(payload, settings.bodyLimit, (error, body) => {
      if (error !== null) return done(error);
      stateOf(request).rawBody = body;
      const parsed = bodies.parse(body as string);
      if (parsed.ok) return done(null, parsed.value);
      done(new BodyError(parsed.reason === 'syntax' ? errorMessages.invalidJson(parsed.detail) : errorMessages.tooDeep(settings.maxDepth)));
    }),
  );

  app.route({
    method: api.method,
    url: api.path,
    schema: routeSchema(api),
    // The request pipeline, in the order a request meets it; each step answers (and stops it) or passes it on.
    onRequest: [
      preferStep(errorCodes, sendError),
      authenticateStep(authenticate, sendError, options.source?.ownsAuth ?? false),
      ...(limiter === undefined ? [] : [rateLimitStep(limiter, sendError)]),
      ...(quota === undefined ? [] : [quotaStep(quota, sendError)]),
      delayStep(state.latency, drain),
      forcedErrorStep(errors, sendError),
    ],
    handler: async (request, reply) => {
      const { preferences, credential } = stateOf(request);
      const source = asksForGenerated(preferences) && !options.source?.ownsAuth ? undefined : options.source;
      const sourced = await source?.answer(sourcedRequest(request), {
        renderError: (kind, message) => renderError(kind, message, identity(request)),
      });
      if (sourced !== undefined) {
        if (credential !== '' && sourced.status >= 200 && sourced.status < 300) quota?.record(credential);
        return reply.code(sourced.status).headers(sourced.headers).header(SOURCE_HEADER, sourced.source).send(sourced.body);
      }
      reply.header(SOURCE_HEADER, 'generated');
      const verdict = bodies.validate(request.body === undefined ? NO_BODY : request.body);
      if (!verdict.ok) return sendError(request, reply, 'invalidParameter', verdict.violation.message);
      if (state.fails()) return sendError(request, reply, 'serviceError', errorMessages.serviceError());
      const { seed = settings.seed, empty = false, optional = settings.modes.optional, data: shown = settings.modes.data } = preferences;
      const now = settings.clock();
      const query = toRankingQuery(verdict.request, defaults, now);
      const found = rankingOf(seed, query, now, { optional, data: shown });
      const outcome = found instanceof Promise ? await found : found;
      if ('retryAfter' in outcome) return sendRateLimited(sendError, request, reply, outcome.retryAfter, outcome.message);
      const data = queryRanking(outcome.ranking, query);
      quota?.record(credential);
      const answer = { code: 0 as const, data: empty ? { ...data, list: [], total: '0' } : data, message: '', ...identity(request) };
      // Under a team's own spec the answer is reshaped to it and serialised by Fastify from that spec's schema.
      if (following !== undefined) return reply.code(200).type(JSON_CONTENT_TYPE).send(following.answer(answer, answer.request_id));
      return reply.code(200).type(JSON_CONTENT_TYPE).send(serializeRanking(reply, answer));
    },
  });

  app.route({
    method: OTHER_METHODS.filter((m) => !(settings.cors && m === 'OPTIONS')),
    url: api.path,
    handler: async (request, reply) => {
      reply.header('allow', api.method);
      return sendError(request, reply, 'methodNotAllowed', errorMessages.methodNotAllowed(request.method, api.path));
    },
  });

  app.setNotFoundHandler(async (request, reply) =>
    sendError(
      request,
      reply,
      'resourceNotFound',
      errorMessages.resourceNotFound(request.method, redactUrl(request.url), `${api.method} ${api.path}`),
    ),
  );

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof BodyError) return sendError(request, reply, 'invalidParameter', error.message);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(request, reply, 'payloadTooLarge', errorMessages.payloadTooLarge(settings.bodyLimit));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(request, reply, 'unsupportedMediaType', errorMessages.unsupportedMediaType(request.headers['content-type']));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(request, reply, 'invalidParameter', errorMessages.badRequest(error.message));
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(request, reply, 'serviceError', errorMessages.serviceError());
  });

  return app as FastifyInstance as FakeServer;
}

/**
 * `Prefer: seed=N`, `empty=true`, `optional=` and `data=` ask for the fake's own data: a source that replays recordings
 * steps aside for them. A proxy (a source that owns auth) still gets them: without it nothing would check the caller's
 * credentials.
 */
const asksForGenerated = (preferences: Preferences): boolean =>
  preferences.seed !== undefined || preferences.empty === true || preferences.optional !== undefined || preferences.data !== undefined;

const FORWARDED_HEADERS = ['authorization', 'content-type', 'prefer'] as const;

function sourcedRequest(request: FastifyRequest): SourcedRequest {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return { method: request.method, path: request.url, headers, rawBody: stateOf(request).rawBody, body: request.body };
}
