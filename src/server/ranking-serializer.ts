import type { FastifyReply } from 'fastify';
import type { TopPotentialItem, TopPotentialResponse } from '../generated/types.js';
import { componentRef } from '../spec/json-schema.js';
import { AnswerBuffers } from './answer-buffers.js';

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
 * are spliced in: fast-json-stringify writes an array of objects as `[a,b,c]`, so the bytes are identical. A page the
 * data layer shares (a frozen list, the same for every request of that page) keeps its joined item bytes too, within a
 * byte budget. The answer's memory comes from a pool and goes back to it once the response is written (AnswerBuffers).
 */
export function createRankingSerializer(itemSchemaName = 'TopPotentialItem'): (reply: FastifyReply, answer: TopPotentialResponse) => Buffer {
  const itemSchema = componentRef(itemSchemaName);
  const itemBytes = new WeakMap<TopPotentialItem, Buffer>();
  const pages = new PageBytes();
  const buffers = new AnswerBuffers();

  /** The items of a list as JSON array members, `a,b,c`, from each item's cached bytes. */
  const joinItems = (list: readonly TopPotentialItem[], serializeItem: (item: TopPotentialItem) => string): Buffer => {
    const parts: Buffer[] = [];
    let size = list.length - 1;
    for (const item of list) {
      let bytes = itemBytes.get(item);
      if (bytes === undefined) {
        bytes = ownBytes(serializeItem(item));
        itemBytes.set(item, bytes);
      }
      parts.push(bytes);
      size += bytes.length;
    }
    const joined = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) joined[at++] = COMMA;
      at += (parts[i] as Buffer).copy(joined, at);
    }
    return joined;
  };

  return (reply, answer) => {
    const serializeEnvelope = reply.getSerializationFunction('200') as ((payload: unknown) => string) | undefined;
    if (serializeEnvelope === undefined) throw new Error('The route has no 200 response serializer: its schema must document 200.');
    const { list } = answer.data;
    const envelope = serializeEnvelope(list.length === 0 ? answer : { ...answer, data: { ...answer.data, list: [] } });
    const at = envelope.indexOf(EMPTY_LIST);
    if (list.length === 0 || at < 0) return Buffer.from(list.length === 0 ? envelope : serializeEnvelope(answer));
    let items = pages.get(list);
    if (items === undefined) {
      items = joinItems(list, reply.compileSerializationSchema(itemSchema) as unknown as (item: TopPotentialItem) => string);
      // Only a frozen list (a page the data layer shares) can be known again by identity.
      if (Object.isFrozen(list)) pages.set(list, items);
    }
    const head = envelope.slice(0, at + EMPTY_LIST.length);
    const tail = envelope.slice(at + EMPTY_LIST.length);
    const size = Buffer.byteLength(head) + items.length + Buffer.byteLength(tail);
    const { bytes: out, release } = buffers.take(size);
    reply.raw.once('finish', release);
    let written = out.write(head, 0);
    written += items.copy(out, written);
    out.write(tail, written);
    return out;
  };
}

/** Joined item bytes of recently answered pages, least recently used out beyond a byte budget. */
class PageBytes {
  private readonly byList = new Map<readonly TopPotentialItem[], Buffer>();
  private bytes = 0;

  constructor(private readonly budget = 16 * 2 ** 20) {}

  get(list: readonly TopPotentialItem[]): Buffer | undefined {
    const found = this.byList.get(list);
    if (found !== undefined) {
      this.byList.delete(list);
      this.byList.set(list, found);
    }
    return found;
  }

  set(list: readonly TopPotentialItem[], items: Buffer): void {
    this.byList.set(list, items);
    this.bytes += items.length;
    while (this.bytes > this.budget) {
      const [oldest, evicted] = this.byList.entries().next().value as [readonly TopPotentialItem[], Buffer];
      this.byList.delete(oldest);
      this.bytes -= evicted.length;
    }
  }
}
