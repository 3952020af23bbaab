import type { FastifyReply } from 'fastify';
import t from 'tap';
import type { TopPotentialItem, TopPotentialResponse } from '../../src/generated/types.js';
import { createRankingSerializer } from '../../src/server/ranking-serializer.js';

type Serialize = (payload: unknown) => string;

/** Just what the serializer uses of a reply: its 200 serializer and the item serializer, counting the items it writes. */
function stubReply(envelope: Serialize | undefined, written: unknown[] = []): FastifyReply {
  const reply = {
    getSerializationFunction: () => envelope,
    compileSerializationSchema: () => (item: unknown) => {
      written.push(item);
      return JSON.stringify(item);
    },
  };
  return reply as unknown as FastifyReply;
}

const items = [{ uid: 'a' }, { uid: 'b', nickname: 'Zoë' }] as unknown as TopPotentialItem[];

function answer(extra: Record<string, unknown> = {}, requestId = 'id-1', timestamp = 1_700_000_000): TopPotentialResponse {
  return { code: 0, data: { list: items, total: '2', date_type: 3, date_value: '2026-03' }, message: '', timestamp, request_id: requestId, ...extra } as unknown as TopPotentialResponse;
}

const plain: Serialize = (payload) => JSON.stringify(payload);

t.test('answers are the bytes the envelope serializer writes; each item is serialised once', async (t) => {
  const serialize = createRankingSerializer();
  const written: unknown[] = [];
  t.equal(serialize(stubReply(plain, written), answer()).toString(), JSON.stringify(answer()));
  const again = answer({ message: 'déjà' }, 'another-id-of-other-length', 1_800_000_000);
  t.equal(serialize(stubReply(plain, written), again).toString(), JSON.stringify(again), 'with this answer\'s own envelope, multi-byte characters included');
  t.same(written, items, 'the second answer reused the items\' bytes');
  const empty = { ...answer(), data: { ...answer().data, list: [] } } as TopPotentialResponse;
  t.equal(serialize(stubReply(plain), empty).toString(), JSON.stringify(empty), 'an empty list is serialised whole');
});

t.test('without a 200 serializer the route is misconfigured, and says so', async (t) => {
  t.throws(() => createRankingSerializer()(stubReply(undefined), answer()), /no 200 response serializer/);
});

t.test('an envelope without a list to splice into is serialised whole', async (t) => {
  const renamed: Serialize = (payload) => JSON.stringify(payload).replace('"list":[', '"items":[');
  t.equal(createRankingSerializer()(stubReply(renamed), answer()).toString(), renamed(answer()));
});
