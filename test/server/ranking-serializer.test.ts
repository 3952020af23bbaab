import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import t from 'tap';
import type { TopPotentialItem, TopPotentialResponse } from '../../src/generated/types.js';
import { createRankingSerializer } from '../../src/server/ranking-serializer.js';

type Serialize = (payload: unknown) => string;
const BUDGET = { pages: 2, answerPoolBytes: 1 << 22 };

/** Just what the serializer uses of a reply: its 200 serializer, the item serializer (counting what it writes), and the raw response. */
function stubReply(envelope: Serialize | undefined, written: unknown[] = []): FastifyReply {
  const reply = {
    raw: new EventEmitter(),
    getSerializationFunction: () => envelope,
    compileSerializationSchema: () => (item: unknown) => {
      written.push(item);
      return JSON.stringify(item);
    },
  };
  return reply as unknown as FastifyReply;
}

const items = [{ uid: 'a' }, { uid: 'b', nickname: 'Zoë' }] as unknown as TopPotentialItem[];
const shared = Object.freeze([...items]);

function answer(list: readonly TopPotentialItem[], extra: Record<string, unknown> = {}): TopPotentialResponse {
  return {
    code: 0,
    data: { list, total: '2', date_type: 3, date_value: '2026-03' },
    message: '',
    timestamp: 1_700_000_000,
    request_id: 'id-1',
    ...extra,
  } as unknown as TopPotentialResponse;
}

const plain: Serialize = (payload) => JSON.stringify(payload);

t.test('answers are the bytes the envelope serializer writes; each item is serialised once, a shared page joined once', async (t) => {
  const serialize = createRankingSerializer(BUDGET);
  const written: unknown[] = [];
  t.equal(serialize(stubReply(plain, written), answer(shared)).toString(), JSON.stringify(answer(shared)));
  const again = answer(shared, { message: 'déjà', request_id: 'another-id-of-other-length' });
  t.equal(
    serialize(stubReply(plain, written), again).toString(),
    JSON.stringify(again),
    "with this answer's own envelope, multi-byte characters included",
  );
  t.same(written, items, "the second answer reused the items' bytes");
  t.same(serialize.usage().pages.entries, 1, 'the shared (frozen) page is kept');
  t.equal(serialize(stubReply(plain, written), answer([...items])).toString(), JSON.stringify(answer(items)), 'a list of its own');
  t.same(serialize.usage().pages.entries, 1, 'is joined but not kept: it cannot be known again');
  const empty = answer([]);
  t.equal(serialize(stubReply(plain), empty).toString(), JSON.stringify(empty), 'an empty list is serialised whole');
});

t.test('at most `pages` shared pages keep their bytes', async (t) => {
  const serialize = createRankingSerializer(BUDGET);
  for (let i = 0; i < 3; i++) serialize(stubReply(plain), answer(Object.freeze([...items])));
  t.same(serialize.usage().pages, { entries: 2, size: 2, maxSize: 2 });
});

t.test('without a 200 serializer the route is misconfigured, and says so', async (t) => {
  t.throws(() => createRankingSerializer(BUDGET)(stubReply(undefined), answer(shared)), /no 200 response serializer/);
});

t.test('an envelope without a list to splice into is serialised whole', async (t) => {
  const renamed: Serialize = (payload) => JSON.stringify(payload).replace('"list":[', '"items":[');
  t.equal(createRankingSerializer(BUDGET)(stubReply(renamed), answer(shared)).toString(), renamed(answer(shared)));
});

t.test("an answer's buffer goes back to the pool once the response is written", async (t) => {
  const serialize = createRankingSerializer(BUDGET);
  const reply = stubReply(plain);
  serialize(reply, answer(shared));
  t.equal(serialize.usage().answerPool.size, 0, 'in use while the response is written');
  reply.raw.emit('finish');
  t.ok(serialize.usage().answerPool.size > 0, 'free for the next answer');
});
