import type { FastifyReply } from 'fastify';
import type { TopPotentialItem, TopPotentialResponse } from '../generated/types.js';
import { componentRef } from '../spec/json-schema.js';

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

/**
 * Serialises a 200 answer to the same bytes as the route's response-schema serializer, faster, as a Buffer (so
 * neither Fastify nor the socket has to measure or encode a long string). The items of a period's ranking do not
 * change while the ranking is cached, so each item is serialised once, by a serializer Fastify compiles once from the
 * spec's TopPotentialItem schema, and its UTF-8 bytes are kept beside it in a WeakMap, which lets them go when the
 * ranking is evicted. The envelope is serialised by the route's own 200 serializer with an empty list, and the items
 * are spliced in: fast-json-stringify writes an array of objects as `[a,b,c]`, so the bytes are identical.
 */
export function createRankingSerializer(itemSchemaName = 'TopPotentialItem'): (reply: FastifyReply, answer: TopPotentialResponse) => Buffer {
  const itemSchema = componentRef(itemSchemaName);
  const itemBytes = new WeakMap<TopPotentialItem, Buffer>();
  return (reply, answer) => {
    const serializeEnvelope = reply.getSerializationFunction('200') as ((payload: unknown) => string) | undefined;
    if (serializeEnvelope === undefined) throw new Error('The route has no 200 response serializer: its schema must document 200.');
    const { list } = answer.data;
    const envelope = serializeEnvelope(list.length === 0 ? answer : { ...answer, data: { ...answer.data, list: [] } });
    const at = envelope.indexOf(EMPTY_LIST);
    if (list.length === 0 || at < 0) return Buffer.from(list.length === 0 ? envelope : serializeEnvelope(answer));
    const serializeItem = reply.compileSerializationSchema(itemSchema) as unknown as (item: TopPotentialItem) => string;
    const head = envelope.slice(0, at + EMPTY_LIST.length);
    const tail = envelope.slice(at + EMPTY_LIST.length);
    let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + list.length - 1;
    const parts: Buffer[] = [];
    for (const item of list) {
      let bytes = itemBytes.get(item);
      if (bytes === undefined) {
        bytes = ownBytes(serializeItem(item));
        itemBytes.set(item, bytes);
      }
      parts.push(bytes);
      size += bytes.length;
    }
    const out = Buffer.allocUnsafe(size);
    let at2 = out.write(head, 0);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) out[at2++] = COMMA;
      at2 += (parts[i] as Buffer).copy(out, at2);
    }
    out.write(tail, at2);
    return out;
  };
}
