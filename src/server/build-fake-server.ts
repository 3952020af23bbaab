import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createErrorRegistry, errorMessages, type ErrorKind } from '../errors.js';
import { queryRanking, toRankingQuery } from '../data/query.js';
import { universeFor } from '../data/universe.js';
import { describeEndpoint } from '../spec/endpoint.js';
import { componentSchemaDocument, toStandaloneSchema } from '../spec/json-schema.js';
import { loadSpec } from '../spec/load-spec.js';
import { createRequestValidator, requestDefaults } from '../spec/request-validator.js';
import { documentedStatuses, responseSchema } from '../spec/response-validator.js';
import { createAuthCheck } from './auth.js';
import { createRememberedBodies } from './remembered-bodies.js';
import { resolveOptions, type FakeServerOptions } from './options.js';
import { createRankingSerializer, JSON_CONTENT_TYPE } from './ranking-serializer.js';
import { derivedRequestId } from './request-id.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: string | undefined;
  }
}

class BodyError extends Error {
  constructor(message: string, readonly statusCode = 400) {
    super(message);
  }
}

const OTHER_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
/** What an absent body is validated as (frozen, so its verdict is remembered too). */
const NO_BODY = Object.freeze({});

/**
 * The fake server: a Fastify instance that answers the spec's one endpoint like production would, with data
 * from the seed's universe. It does not listen; call `inject()` in tests or `listen()` in a CLI.
 */
export function buildFakeServer(options: FakeServerOptions = {}): FastifyInstance {
  const settings = resolveOptions(options);
  const doc = loadSpec();
  const endpoint = describeEndpoint(doc);
  const errors = createErrorRegistry(doc);
  const validate = createRequestValidator(doc);
  const defaults = requestDefaults(doc);
  const checkAuth = createAuthCheck(settings.tokens);
  const bodies = createRememberedBodies(settings.maxDepth, validate);
  const universe = universeFor(settings.seed);

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: settings.bodyLimit,
    exposeHeadRoutes: false,
    return503OnClosing: false,
  });
  app.decorateRequest('rawBody', undefined);
  app.addSchema(componentSchemaDocument(doc));

  const timestamp = (): number => Math.floor(settings.clock().getTime() / 1000);
  const requestId = (request: FastifyRequest, time: number): string =>
    derivedRequestId(
      settings.seed,
      request.method,
      request.url,
      request.headers['content-type'] ?? '',
      request.headers['content-length'] ?? '',
      request.rawBody ?? '',
      time,
    );

  const sendError = (request: FastifyRequest, reply: FastifyReply, kind: ErrorKind, message: string): FastifyReply => {
    const { status, code } = errors[kind];
    const time = timestamp();
    return reply.code(status).type('application/json').send({ code, data: null, message, timestamp: time, request_id: requestId(request, time) });
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    const parsed = bodies.parse(body as string);
    if (parsed.ok) return done(null, parsed.value);
    done(new BodyError(parsed.reason === 'syntax' ? errorMessages.invalidJson(parsed.detail) : errorMessages.tooDeep(settings.maxDepth)));
  });

  const serializeRanking = createRankingSerializer();
  const responses = Object.fromEntries(
    documentedStatuses(doc).map((status) => [status, toStandaloneSchema(responseSchema(doc, status))]),
  );

  app.route({
    method: endpoint.method as 'POST',
    url: endpoint.path,
    schema: { response: responses },
    onRequest: async (request, reply) => {
      const refusal = checkAuth(request.headers.authorization);
      if (refusal !== undefined) return sendError(request, reply, 'noAccessPermission', refusal);
    },
    handler: async (request, reply) => {
      const verdict = bodies.validate(request.body ?? NO_BODY);
      if (!verdict.ok) return sendError(request, reply, 'invalidParameter', verdict.violation.message);
      const now = settings.clock();
      const data = queryRanking(universe, toRankingQuery(verdict.request, defaults, now), now);
      const time = Math.floor(now.getTime() / 1000);
      const answer = { code: 0 as const, data, message: '', timestamp: time, request_id: requestId(request, time) };
      return reply.code(200).type(JSON_CONTENT_TYPE).send(serializeRanking(reply, answer));
    },
  });

  app.route({
    method: [...OTHER_METHODS],
    url: endpoint.path,
    handler: async (request, reply) => {
      reply.header('allow', endpoint.method);
      return sendError(request, reply, 'methodNotAllowed', errorMessages.methodNotAllowed(request.method, endpoint.path));
    },
  });

  app.setNotFoundHandler(async (request, reply) =>
    sendError(request, reply, 'resourceNotFound', errorMessages.resourceNotFound(request.method, request.url, `${endpoint.method} ${endpoint.path}`)),
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

  return app;
}
