import type { FastifyReply } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { TopPotentialItem, TopPotentialResponse } from '../generated/types.js';
import { countUsage, type CacheUsage } from '../cache-usage.js';
import { componentRef } from '../openapi/json-schema.js';
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

/** The spec's schema of one ranking item, which the serializer compiles on its first answer with items. */
export const RANKING_ITEM_SCHEMA = 'TopPotentialItem';

/**
 * Serialises a 200 answer to the same bytes as the route's response-schema serializer, faster, as a Buffer. The items
 * of a cached ranking do not change, so each item's UTF-8 bytes are made once (by a serializer Fastify compiles from
 * the spec's TopPotentialItem schema) and kept beside it in a WeakMap. The envelope is serialised by the route's own
 * 200 serializer with an empty list and the items spliced in: fast-json-stringify writes an array of objects as
 * `[a,b,c]`, so the bytes are identical. A page the data layer shares (a frozen list) keeps its joined item bytes too,
 * for the most recently answered pages. bench/OPTIMISATIONS.md has what each of these gains.
 */
export type RankingSerializer = ((reply: FastifyReply, answer: TopPotentialResponse) => Buffer) & {
  /** Pages whose bytes are kept, and bytes held by free answer buffers. */
  usage(): { readonly pages: CacheUsage; readonly answerPool: CacheUsage };
};

export function createRankingSerializer(budget: { readonly pages: number; readonly answerPoolBytes: number }): RankingSerializer {
  const itemSchema = componentRef(RANKING_ITEM_SCHEMA);
  const itemBytes = new WeakMap<TopPotentialItem, Buffer>();
  const pages = new LRUCache<readonly TopPotentialItem[], Buffer>({ max: Math.max(1, budget.pages) });
  const buffers = new AnswerBuffers(budget.answerPoolBytes);

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

  /** The answer the general way: envelope from the route's serializer, items spliced in. */
  const assemble = (
    reply: FastifyReply,
    answer: TopPotentialResponse,
    serializeEnvelope: (payload: unknown) => string,
  ): Buffer | undefined => {
    const { list } = answer.data;
    const envelope = serializeEnvelope({ ...answer, data: { ...answer.data, list: [] } });
    const at = envelope.indexOf(EMPTY_LIST);
    if (at < 0) return undefined;
    let items = pages.get(list);
    if (items === undefined) {
      items = joinItems(list, reply.compileSerializationSchema(itemSchema) as unknown as (item: TopPotentialItem) => string);
      // Only a frozen list (a page the data layer shares) can be known again by identity.
      if (Object.isFrozen(list)) pages.set(list, items);
    }
    const head = envelope.slice(0, at + EMPTY_LIST.length);
    const tail = envelope.slice(at + EMPTY_LIST.length);
    const { bytes: out, release } = buffers.take(Buffer.byteLength(head) + items.length + Buffer.byteLength(tail));
    reply.raw.once('finish', release);
    let written = out.write(head, 0);
    written += items.copy(out, written);
    out.write(tail, written);
    return out;
  };

  const serialize = (reply: FastifyReply, answer: TopPotentialResponse): Buffer => {
    const serializeEnvelope = reply.getSerializationFunction('200') as ((payload: unknown) => string) | undefined;
    if (serializeEnvelope === undefined) throw new Error('The route has no 200 response serializer: its schema must document 200.');
    if (answer.data.list.length === 0) return Buffer.from(serializeEnvelope(answer));
    return assemble(reply, answer, serializeEnvelope) ?? Buffer.from(serializeEnvelope(answer));
  };
  return Object.assign(serialize, {
    usage: () => ({
      pages: countUsage(pages),
      answerPool: { entries: buffers.pooledCount, size: buffers.pooledBytes, maxSize: budget.answerPoolBytes },
    }),
  });
}
