import { createServer } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildFakeServer } from '../../src/server/build-fake-server.js';

/** The fake with a switchable mutation: each is what a vendor change would look like from outside. */

export const TOKEN = 'test-token';
export const NOW = new Date('2026-04-15T00:00:00Z');
export const SEED = 7;

type Json = Record<string, unknown>;

export interface Mutation {
  readonly name: string;
  /** Before auth: may answer itself (return the reply) or change headers. */
  readonly onRequest?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
  /** After the body is parsed, before the fake validates it: may change the body or answer itself. */
  readonly preValidation?: (request: FastifyRequest & { body: Json | undefined }, reply: FastifyReply) => FastifyReply | undefined;
  /** Rewrites the JSON answer (already serialised by the fake) and may change the status. */
  readonly rewrite?: (body: Json, reply: FastifyReply, request: FastifyRequest) => void;
}

export interface MutantServer {
  readonly baseUrl: string;
  /** Switches the mutation; undefined for the plain fake. */
  use(mutation: Mutation | undefined): void;
  close(): Promise<void>;
}

/** `seed`: another universe (other creators, other values), for tests that a finding is the same whatever the data. */
export async function startMutantServer(token = TOKEN, seed = SEED): Promise<MutantServer> {
  const app = buildFakeServer({ seed, now: NOW, tokens: [token] });
  let current: Mutation | undefined;
  app.addHook('onRequest', async (request, reply) => current?.onRequest?.(request, reply));
  app.addHook('preValidation', async (request, reply) => {
    if (current?.preValidation === undefined) return undefined;
    // the fake shares parsed bodies between requests, frozen: a mutation edits its own copy
    if (typeof request.body === 'object' && request.body !== null) request.body = structuredClone(request.body);
    return current.preValidation(request as FastifyRequest & { body: Json | undefined }, reply);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // the fake sends ranking answers as Buffers, errors as strings
    const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
    if (current?.rewrite === undefined || typeof text !== 'string') return payload;
    const body = JSON.parse(text) as Json;
    current.rewrite(body, reply, request);
    return JSON.stringify(body);
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    baseUrl,
    use: (mutation) => {
      current = mutation;
    },
    close: () => app.close(),
  };
}

const items = (body: Json): Json[] => ((body['data'] as Json | null)?.['list'] as Json[] | undefined) ?? [];
const serviceError = (reply: FastifyReply): FastifyReply =>
  reply.code(500).type('application/json').send({
    code: 40001,
    data: null,
    message: 'Service error: the ranking could not be computed. Retry later; the request itself was valid.',
    timestamp: 1776186472,
    request_id: '7d9f1b3c-5e7a-4c9e-8b0d-2a4c6e8a0b35',
  });

const rateLimited = (reply: FastifyReply): FastifyReply =>
  reply.code(429).header('retry-after', '2').type('application/json').send({
    code: 30003,
    data: null,
    message: 'Access frequency limit exceeded: too many calls with this token. Retry after 2 second(s).',
    timestamp: 1776186472,
    request_id: '9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2c4e80',
  });

/**
 * Member names (and values) a hostile or merely foreign upstream may send: non-ASCII, line breaks, GitHub workflow
 * commands, ANSI and OSC escapes, Unicode line separators, markdown and HTML that would break out of a code span.
 */
export const HOSTILE_NAMES: readonly string[] = [
  '备注',
  'cr\r\nlf',
  '\n::add-mask::hunter2',
  '::stop-commands::tok',
  '\u001b]8;;https://evil.test\u0007osc\u001b]8;;\u0007',
  '\u001b[2J\u001b[31mansi',
  'sep\u2028line\u2029para\u0085nel',
  '`\n\n# the spec still holds\n\n![x](https://evil.test/x.png) [y](https://evil.test) <img src=x onerror=alert(1)>',
  '%0A%25',
];

/** Every mutation the suite must catch, with the finding it must produce. */
export const MUTATIONS = {
  fieldRenamed: {
    name: 'usd_gmv renamed usdGmv',
    rewrite: (body) => {
      for (const item of items(body)) {
        item['usdGmv'] = item['usd_gmv'];
        delete item['usd_gmv'];
      }
    },
  },
  typeChanged: {
    name: 'potential_index sent as a string',
    rewrite: (body) => {
      for (const item of items(body)) item['potential_index'] = String(item['potential_index']);
    },
  },
  fieldAdded: {
    name: 'a new creator member shop_level',
    rewrite: (body) => {
      for (const item of items(body)) (item['creator'] as Json)['shop_level'] = 3;
    },
  },
  hostileMembers: {
    name: 'members named (and valued) with hostile text, in the envelope and each item',
    rewrite: (body) => {
      for (const name of HOSTILE_NAMES) body[name] = name;
      for (const item of items(body)) for (const name of HOSTILE_NAMES) item[name] = name;
    },
  },
  enumWidened: {
    name: 'item ecommerce_type 4',
    rewrite: (body) => {
      for (const item of items(body)) item['ecommerce_type'] = 4;
    },
  },
  formatBroken: {
    name: 'request_id not a UUID',
    rewrite: (body) => {
      body['request_id'] = 'req-123';
    },
  },
  totalAsNumber: {
    name: 'data.total an integer, as the vendor table says',
    rewrite: (body) => {
      const data = body['data'] as Json | null;
      if (data) data['total'] = Number(data['total']);
    },
  },
  msgNotMessage: {
    name: 'message renamed msg, as the vendor guide says',
    rewrite: (body) => {
      body['msg'] = body['message'];
      delete body['message'];
    },
  },
  codeAsString: {
    name: "the envelope's code as a string",
    rewrite: (body) => {
      body['code'] = String(body['code']);
    },
  },
  errorsWithStatus200: {
    name: 'errors answered with HTTP 200',
    rewrite: (body, reply) => {
      if (body['code'] !== 0) reply.code(200);
    },
  },
  ruleNotEnforced: {
    name: 'page-window no longer enforced',
    preValidation: (request) => {
      const body = request.body;
      if (body && Number(body['page'] ?? 1) * Number(body['pagesize'] ?? 10) > 1000) body['page'] = 1;
      return undefined;
    },
  },
  pagesizeCapped: {
    name: 'pagesize above 10 refused (a free plan)',
    preValidation: (request, reply) => {
      if (Number(request.body?.['pagesize'] ?? 10) <= 10) return undefined;
      return reply.code(400).send({
        code: 10001,
        data: null,
        message: 'pagesize must be <= 10 on this plan.',
        timestamp: 1,
        request_id: '7d9f1b3c-5e7a-4c9e-8b0d-2a4c6e8a0b35',
      });
    },
  },
  filterIgnored: {
    name: 'filter.region ignored',
    preValidation: (request) => {
      const filter = request.body?.['filter'] as Json | undefined;
      if (filter && typeof filter === 'object') delete filter['region'];
      return undefined;
    },
  },
  sortReversed: {
    name: 'list in the reverse order',
    rewrite: (body) => {
      items(body).reverse();
    },
  },
  pagesOverlap: {
    name: 'page n answers page n-1',
    preValidation: (request) => {
      const body = request.body;
      if (body && typeof body['page'] === 'number' && body['page'] > 1) body['page'] -= 1;
      return undefined;
    },
  },
  authIgnored: {
    name: 'any Authorization accepted',
    onRequest: (request) => {
      request.headers.authorization = `Bearer ${TOKEN}`;
      return undefined;
    },
  },
  authRefusedAsParameterError: {
    name: 'a missing or bad Authorization refused with code 10001',
    rewrite: (body) => {
      if (body['code'] === 30001) body['code'] = 10001;
    },
  },
  totalUnstable: {
    name: 'total grows with the page number',
    rewrite: (body, _reply, request) => {
      const data = body['data'] as Json | null;
      const page = Number((request.body as Json | undefined)?.['page'] ?? 1);
      if (data) data['total'] = String(Number(data['total']) + page - 1);
    },
  },
  pagesSkip: {
    name: 'page n answers page n+1',
    preValidation: (request) => {
      const body = request.body;
      if (body && typeof body['page'] === 'number' && body['page'] > 1 && body['page'] < 100) body['page'] += 1;
      return undefined;
    },
  },
  keyEchoed: {
    name: 'the Authorization header echoed in every answer',
    rewrite: (body, _reply, request) => {
      body['echo'] = request.headers.authorization ?? '';
      body['message'] = `seen ${request.headers.authorization ?? ''}`;
    },
  },
  noData: {
    name: 'every page empty, total "0"',
    rewrite: (body) => {
      const data = body['data'] as Json | null;
      if (data) Object.assign(data, { list: [], total: '0' });
    },
  },
  dataNull: {
    name: 'data null on success',
    rewrite: (body) => {
      if (body['code'] === 0) body['data'] = null;
    },
  },
  serverDown: {
    name: 'every request a 500',
    onRequest: (_request, reply) => serviceError(reply),
  },
  rateLimitedSometimes: {
    name: 'every 5th request rate-limited, Retry-After 2',
    onRequest: (() => {
      let count = 0;
      return (_request: FastifyRequest, reply: FastifyReply) => (++count % 5 === 0 ? rateLimited(reply) : undefined);
    })(),
  },
  rateLimitedAlways: {
    name: 'every request after the 10th rate-limited',
    onRequest: (() => {
      let count = 0;
      return (_request: FastifyRequest, reply: FastifyReply) => (++count > 10 ? rateLimited(reply) : undefined);
    })(),
  },
  throttledForever: {
    name: 'every request 429 with Retry-After: 100000',
    onRequest: (_request: FastifyRequest, reply: FastifyReply) =>
      reply.code(429).header('retry-after', '100000').type('application/json').send({
        code: 30003,
        data: null,
        message: 'Access frequency limit exceeded.',
        timestamp: 1776186472,
        request_id: '9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2c4e81',
      }),
  },
  someServerErrors: {
    name: 'every 9th request a 500',
    onRequest: (() => {
      let count = 0;
      return (_request: FastifyRequest, reply: FastifyReply) => (++count % 9 === 0 ? serviceError(reply) : undefined);
    })(),
  },
} satisfies Record<string, Mutation>;

/** A loopback port nothing listens on (it was free a moment ago). */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
