import type { FastifyReply } from 'fastify';
import type { TopPotentialItem, TopPotentialResponse } from '../generated/types.js';
import { componentRef } from '../openapi/json-schema.js';

/** Where the items go in the envelope serialised with an empty list. */
const EMPTY_LIST = '"list":[';
const COMMA = 0x2c;

/**
 * The UTF-8 bytes of a string in memory of their own. `Buffer.from` would carve small ones out of Node's shared 8 KB
 * pool, and one long-lived item would then pin a whole pool slab of short-lived buffers.
 */
function ownBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text, 0);
  return bytes;
}

/** The Content-Type Fastify gives a JSON answer it serialises itself. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

type Serialize<T> = (value: T) => string;

/** The spec's schema of one ranking item, which the serializer compiles on its first answer with items. */
export const RANKING_ITEM_SCHEMA = 'TopPotentialItem';

/**
 * Serialises a 200 answer to the same bytes as the route's response-schema serializer, as a Buffer (so neither
 * Fastify nor the socket has to measure or encode a long string). Serialising the items is most of that work, and
 * the items of a period's ranking do not change while the ranking is cached: each item is serialised once, by a
 * serializer Fastify compiles from the spec's TopPotentialItem schema, and its bytes are kept beside it in a WeakMap,
 * which lets them go with the ranking. The envelope is serialised by the route's own 200 serializer with an empty
 * list and the items' bytes are copied in: fast-json-stringify writes an array of objects as `[a,b,c]`, so the bytes
 * are identical (bench/body-digests.ts and test/bench/built-server.test.ts check it).
 */
export type RankingSerializer = (reply: FastifyReply, answer: TopPotentialResponse) => Buffer;

export function createRankingSerializer(itemSchemaName = RANKING_ITEM_SCHEMA): RankingSerializer {
  const itemSchema = componentRef(itemSchemaName);
  const itemBytes = new WeakMap<TopPotentialItem, Buffer>();

  const bytesOf = (list: readonly TopPotentialItem[], reply: FastifyReply): Buffer[] => {
    let serializeItem: Serialize<TopPotentialItem> | undefined;
    return list.map((item) => {
      let bytes = itemBytes.get(item);
      if (bytes === undefined) {
        serializeItem ??= reply.compileSerializationSchema(itemSchema) as unknown as Serialize<TopPotentialItem>;
        bytes = ownBytes(serializeItem(item));
        itemBytes.set(item, bytes);
      }
      return bytes;
    });
  };

  return (reply, answer) => {
    const serializeEnvelope = reply.getSerializationFunction('200') as Serialize<unknown> | undefined;
    if (serializeEnvelope === undefined) throw new Error('The route has no 200 response serializer: its schema must document 200.');
    const { list } = answer.data;
    const envelope = list.length === 0 ? undefined : serializeEnvelope({ ...answer, data: { ...answer.data, list: [] } });
    const at = envelope === undefined ? -1 : envelope.indexOf(EMPTY_LIST) + EMPTY_LIST.length;
    if (envelope === undefined || at < EMPTY_LIST.length) return Buffer.from(serializeEnvelope(answer));
    const items = bytesOf(list, reply);
    const size = items.reduce((sum, bytes) => sum + bytes.length, Buffer.byteLength(envelope) + items.length - 1);
    const out = Buffer.allocUnsafe(size);
    let written = out.write(envelope.slice(0, at), 0);
    items.forEach((bytes, i) => {
      if (i > 0) out[written++] = COMMA;
      written += bytes.copy(out, written);
    });
    out.write(envelope.slice(at), written);
    return out;
  };
}
