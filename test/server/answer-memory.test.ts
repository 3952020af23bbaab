import t from 'tap';
import type { TopPotentialItem } from '../../src/generated/types.js';
import { AnswerBuffers } from '../../src/server/answer-buffers.js';
import { createPageBytes, pageBytes } from '../../src/server/ranking-serializer.js';

t.test('answer buffers come in size classes and are reused once released', async (t) => {
  const buffers = new AnswerBuffers(8192, 1 << 16);
  const a = buffers.take(5000);
  t.equal(a.bytes.length, 5000, 'exactly the size asked for');
  t.equal(a.bytes.buffer.byteLength, 8192, 'from the 8 KB class');
  a.release();
  a.release();
  t.equal(buffers.pooledBytes, 8192, 'released once, kept once');
  const b = buffers.take(6000);
  t.equal(b.bytes.buffer, a.bytes.buffer, 'the released memory is handed out again');
  t.equal(buffers.pooledBytes, 0);
  const c = buffers.take(6000);
  t.not(c.bytes.buffer, a.bytes.buffer, 'releasing twice did not put the same memory in the pool twice');
  b.release();
  c.release();
  t.equal(buffers.pooledBytes, 8192, 'at most maxFreeBytes are kept free');
  const d = buffers.take(7000);
  const e = buffers.take(7000);
  t.not(d.bytes.buffer, e.bytes.buffer, 'so the second one was left to the garbage collector');
  t.equal(buffers.take(1).bytes.buffer.byteLength, 4096, 'the smallest class is 4 KB');
});

t.test('an answer larger than the largest class is not pooled', async (t) => {
  const buffers = new AnswerBuffers(1 << 20, 1 << 13);
  const big = buffers.take(9000);
  t.equal(big.bytes.length, 9000);
  big.release();
  t.equal(buffers.pooledBytes, 0);
  t.not(buffers.take(9000).bytes.buffer, big.bytes.buffer, 'its memory is left to the garbage collector');
});

const list = (items = 0): readonly TopPotentialItem[] => Object.freeze(Array.from({ length: items }, () => ({}) as TopPotentialItem));

t.test('page bytes stay within their budget, least recently used out first', async (t) => {
  const pages = createPageBytes(100);
  const [a, b, c] = [list(), list(), list()];
  pages.set(a, Buffer.alloc(40));
  pages.set(b, Buffer.alloc(40));
  t.ok(pages.get(a), 'a is kept and now the most recently used');
  pages.set(c, Buffer.alloc(40));
  t.equal(pages.get(b), undefined, 'b, the least recently used, went to make room');
  t.ok(pages.get(a) && pages.get(c), 'a and c are kept');
  t.ok(pages.calculatedSize <= 100);
});

t.test('a page counts its bytes and the items it keeps alive', async (t) => {
  t.equal(pageBytes(Buffer.alloc(30), list()), 30);
  t.equal(pageBytes(Buffer.alloc(30), list(2)), 30 + 2 * (1_280 + 1_280), 'and per item what the item and its JSON bytes hold');
});
