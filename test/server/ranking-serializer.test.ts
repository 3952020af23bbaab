import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import t from 'tap';
import type { TopPotentialItem, TopPotentialResponse } from '../../src/generated/types.js';
import { createRankingSerializer } from '../../src/server/ranking-serializer.js';

type Serialize = (payload: unknown) => string;
const BUDGET = { pageBytes: 1 << 24, answerPoolBytes: 1 << 22 };

/** Just what the serializer uses of a reply: its 200 serializer, the item serializer, and the raw response. */
function stubReply(envelope: Serialize | undefined): FastifyReply {
  const reply = {
    raw: new EventEmitter(),
    getSerializationFunction: () => envelope,
    compileSerializationSchema: () => (item: unknown) => JSON.stringify(item),
  };
  return reply as unknown as FastifyReply;
}

const items = Object.freeze([{ uid: 'a' }, { uid: 'b' }]) as unknown as TopPotentialItem[];

function answer(extra: Record<string, unknown> = {}, requestId = 'id-1', timestamp = 1_700_000_000): TopPotentialResponse {
  return { code: 0, data: { list: items, total: '2', date_type: 3, date_value: '2026-03' }, message: '', timestamp, request_id: requestId, ...extra } as unknown as TopPotentialResponse;
}

const plain: Serialize = (payload) => JSON.stringify(payload);

t.test('answers are the bytes the envelope serializer writes, first assembled, then from a template', async (t) => {
  const serialize = createRankingSerializer(BUDGET);
  const reply = stubReply(plain);
  t.equal(serialize(reply, answer()).toString(), JSON.stringify(answer()), 'assembled');
  const again = answer({}, 'another-id-of-other-length', 1_800_000_000);
  t.equal(serialize(reply, again).toString(), JSON.stringify(again), 'from the template, with this answer\'s timestamp and id');
  const empty = { ...answer(), data: { ...answer().data, list: [] } } as TopPotentialResponse;
  t.equal(serialize(reply, empty).toString(), JSON.stringify(empty), 'an empty list is serialised whole');
});

t.test('without a 200 serializer the route is misconfigured, and says so', async (t) => {
  t.throws(() => createRankingSerializer(BUDGET)(stubReply(undefined), answer()), /no 200 response serializer/);
});

t.test('an envelope without a list to splice into is serialised whole', async (t) => {
  const renamed: Serialize = (payload) => JSON.stringify(payload).replace('"list":[', '"items":[');
  const serialize = createRankingSerializer(BUDGET);
  for (let i = 0; i < 2; i++) t.equal(serialize(stubReply(renamed), answer()).toString(), renamed(answer()));
});

t.test('an answer with nested extras takes the general path every time (no template key)', async (t) => {
  const serialize = createRankingSerializer(BUDGET);
  const top = answer({ extra: { nested: true } });
  const inData = { ...answer(), data: { ...answer().data, extra: { nested: true } } } as TopPotentialResponse;
  for (let i = 0; i < 2; i++) {
    t.equal(serialize(stubReply(plain), top).toString(), JSON.stringify(top));
    t.equal(serialize(stubReply(plain), inData).toString(), JSON.stringify(inData));
  }
});

t.test('a template is refused unless it reproduces the answer it was made from', async (t) => {
  const cases: [string, Serialize][] = [
    ['timestamp written twice', (p) => JSON.stringify({ ...(p as object), again: (p as { timestamp: number }).timestamp })],
    ['request id before the timestamp', (p) => {
      const { request_id: id, ...rest } = p as { request_id: string };
      return JSON.stringify({ request_id: id, ...rest });
    }],
    ['a serializer whose output changes length between calls', ((calls) => (p: unknown) => JSON.stringify({ ...(p as object), n: calls++ }))(9)],
    ['a serializer whose output changes between calls', ((calls) => (p: unknown) => JSON.stringify({ ...(p as object), n: calls++ }))(1)],
  ];
  for (const [name, envelope] of cases) {
    const serialize = createRankingSerializer(BUDGET);
    const reply = stubReply(envelope);
    const first = serialize(reply, answer()).toString();
    const second = serialize(reply, answer()).toString();
    t.ok(first.includes('"list":[{"uid":"a"},{"uid":"b"}]'), `${name}: items spliced in`);
    t.equal(second.replace(/"n":\d+/, ''), first.replace(/"n":\d+/, ''), `${name}: the second answer is still made the general way`);
    t.match(second, /"n":|"again":|^\{"request_id"/, `${name}: with what the serializer wrote`);
  }
});
