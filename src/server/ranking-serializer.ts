import type { FastifyReply } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { TopPotentialItem, TopPotentialResponse } from '../generated/types.js';
import type { CacheUsage } from '../cache-usage.js';
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
export type RankingSerializer = ((reply: FastifyReply, answer: TopPotentialResponse) => Buffer) & {
  /** Bytes held by kept pages and by free answer buffers. */
  usage(): { readonly pageBytes: CacheUsage; readonly answerPool: CacheUsage };
};

export function createRankingSerializer(
  budget: { readonly pageBytes: number; readonly answerPoolBytes: number },
  itemSchemaName = 'TopPotentialItem',
): RankingSerializer {
  const itemSchema = componentRef(itemSchemaName);
  const itemBytes = new WeakMap<TopPotentialItem, Buffer>();
  const pages = createPageBytes(budget.pageBytes);
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
  const assemble = (reply: FastifyReply, answer: TopPotentialResponse, serializeEnvelope: (payload: unknown) => string): Buffer | undefined => {
    const { list } = answer.data;
    const envelope = serializeEnvelope({ ...answer, data: { ...answer.data, list: [] } });
    const at = envelope.indexOf(EMPTY_LIST);
    if (at < 0) return undefined;
    let page = pages.get(list);
    if (page === undefined) {
      page = { items: joinItems(list, reply.compileSerializationSchema(itemSchema) as unknown as (item: TopPotentialItem) => string), templates: new Map() };
      // Only a frozen list (a page the data layer shares) can be known again by identity.
      if (Object.isFrozen(list)) pages.set(list, page);
    }
    const head = envelope.slice(0, at + EMPTY_LIST.length);
    const tail = envelope.slice(at + EMPTY_LIST.length);
    const { bytes: out, release } = buffers.take(Buffer.byteLength(head) + page.items.length + Buffer.byteLength(tail));
    reply.raw.once('finish', release);
    let written = out.write(head, 0);
    written += page.items.copy(out, written);
    out.write(tail, written);
    return out;
  };

  const serialize = (reply: FastifyReply, answer: TopPotentialResponse): Buffer => {
    const serializeEnvelope = reply.getSerializationFunction('200') as ((payload: unknown) => string) | undefined;
    if (serializeEnvelope === undefined) throw new Error('The route has no 200 response serializer: its schema must document 200.');
    const { list } = answer.data;
    if (list.length === 0) return Buffer.from(serializeEnvelope(answer));
    const key = templateKey(answer);
    const page = pages.get(list);
    const template = key === undefined ? undefined : page?.templates.get(key);
    if (template) {
      const { bytes: out, release } = buffers.take(template.size(answer));
      reply.raw.once('finish', release);
      template.fill(answer, out);
      return out;
    }
    const out = assemble(reply, answer, serializeEnvelope) ?? Buffer.from(serializeEnvelope(answer));
    const known = pages.get(list);
    if (key !== undefined && known !== undefined && !known.templates.has(key)) {
      const made = makeTemplate(answer, known.items, serializeEnvelope);
      // Used only if it reproduces this very answer byte for byte; otherwise this key keeps the general path.
      const checked = made !== undefined && made.size(answer) === out.length && made.fill(answer, Buffer.allocUnsafe(out.length)).equals(out) ? made : null;
      known.templates.set(key, checked);
      if (checked) {
        // lru-cache counts an entry's size again only for a new value: put the page in anew to count the template.
        pages.delete(list);
        pages.set(list, known);
      }
    }
    return out;
  };
  return Object.assign(serialize, {
    usage: () => ({
      pageBytes: { entries: pages.size, bytes: pages.calculatedSize, maxBytes: pages.maxSize },
      answerPool: { entries: buffers.pooledCount, bytes: buffers.pooledBytes, maxBytes: budget.answerPoolBytes },
    }),
  });
}

/** Everything in an answer but its list, its timestamp and its request id, as a key; undefined if not all primitives. */
function templateKey(answer: TopPotentialResponse): string | undefined {
  let key = '';
  for (const [name, value] of Object.entries(answer)) {
    if (name === 'data' || name === 'timestamp' || name === 'request_id') continue;
    if (typeof value === 'object' && value !== null) return undefined;
    key += `${name}=${String(value)}\u0000`;
  }
  for (const [name, value] of Object.entries(answer.data)) {
    if (name === 'list') continue;
    if (typeof value === 'object' && value !== null) return undefined;
    key += `data.${name}=${String(value)}\u0000`;
  }
  return key;
}

const TIMESTAMP_MARK = 987_654_321_012;
const REQUEST_ID_MARK = 'request-id-mark-3f1c9a';

/**
 * An answer of one page as fixed bytes with two holes, the timestamp and the request id: what the route's serializer
 * writes for that page except those two values. Made by serialising the envelope once with marks in the holes;
 * undefined when the marks are not found exactly once each, in list, timestamp, request id order.
 */
interface Template {
  readonly prefix: Buffer;
  size(answer: TopPotentialResponse): number;
  fill(answer: TopPotentialResponse, out: Buffer): Buffer;
}

function makeTemplate(answer: TopPotentialResponse, items: Buffer, serializeEnvelope: (payload: unknown) => string): Template | undefined {
  const marked = serializeEnvelope({ ...answer, timestamp: TIMESTAMP_MARK, request_id: REQUEST_ID_MARK, data: { ...answer.data, list: [] } });
  const stamp = String(TIMESTAMP_MARK);
  const id = JSON.stringify(REQUEST_ID_MARK);
  const atList = marked.indexOf(EMPTY_LIST);
  const atStamp = marked.indexOf(stamp);
  const atId = marked.indexOf(id);
  const once = (text: string, at: number): boolean => at >= 0 && marked.lastIndexOf(text) === at;
  if (!once(EMPTY_LIST, atList) || !once(stamp, atStamp) || !once(id, atId) || !(atList < atStamp && atStamp < atId)) return undefined;
  const head = Buffer.from(marked.slice(0, atList + EMPTY_LIST.length));
  const beforeStamp = Buffer.from(marked.slice(atList + EMPTY_LIST.length, atStamp));
  const prefix = Buffer.allocUnsafeSlow(head.length + items.length + beforeStamp.length);
  head.copy(prefix, 0);
  items.copy(prefix, head.length);
  beforeStamp.copy(prefix, head.length + items.length);
  const between = marked.slice(atStamp + stamp.length, atId);
  const after = marked.slice(atId + id.length);
  const fixed = prefix.length + Buffer.byteLength(between) + Buffer.byteLength(after);
  return {
    prefix,
    size: (a) => fixed + Buffer.byteLength(String(a.timestamp)) + Buffer.byteLength(JSON.stringify(a.request_id)),
    fill: (a, out) => {
      let at = prefix.copy(out, 0);
      at += out.write(String(a.timestamp), at);
      at += out.write(between, at);
      at += out.write(JSON.stringify(a.request_id), at);
      out.write(after, at);
      return out;
    },
  };
}

/** A page's joined item bytes, and its templates by the rest of the answer (null: this key takes the general path). */
interface Page {
  readonly items: Buffer;
  readonly templates: Map<string, Template | null>;
}

/**
 * What a kept page holds: its joined item bytes and its templates, and it keeps its items alive, with their own JSON
 * bytes, after their ranking is forgotten (counted as the ranking counts them: 1,280 + 1,280 bytes an item).
 */
const RETAINED_ITEM_BYTES = 1_280 + 1_280;

export function pageBytes(page: Page, list: readonly TopPotentialItem[]): number {
  let bytes = page.items.length + list.length * RETAINED_ITEM_BYTES;
  for (const template of page.templates.values()) if (template) bytes += template.prefix.length;
  return bytes;
}

/** Recently answered pages by their (frozen, shared) list, within a byte budget, least recently used out. */
export function createPageBytes(maxBytes: number): LRUCache<readonly TopPotentialItem[], Page> {
  return new LRUCache<readonly TopPotentialItem[], Page>({ maxSize: maxBytes, sizeCalculation: pageBytes });
}
