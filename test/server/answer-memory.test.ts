import t from 'tap';
import type { TopPotentialItem } from '../../src/generated/types.js';
import { AnswerBuffers } from '../../src/server/answer-buffers.js';
import { PageBytes } from '../../src/server/ranking-serializer.js';

t.test('answer buffers come in size classes and are reused once released', async (t) => {
  const buffers = new AnswerBuffers(1, 1 << 16);
  const a = buffers.take(5000);
  t.equal(a.bytes.length, 5000, 'exactly the size asked for');
  t.equal(a.bytes.buffer.byteLength, 8192, 'from the 8 KB class');
  a.release();
  a.release();
  const b = buffers.take(6000);
  t.equal(b.bytes.buffer, a.bytes.buffer, 'the released memory is handed out again');
  const c = buffers.take(6000);
  t.not(c.bytes.buffer, a.bytes.buffer, 'releasing twice did not put the same memory in the pool twice');
  b.release();
  c.release();
  const d = buffers.take(7000);
  const e = buffers.take(7000);
  t.not(d.bytes.buffer, e.bytes.buffer, 'a class keeps at most keepPerClass free buffers (here 1)');
  t.equal(buffers.take(1).bytes.buffer.byteLength, 4096, 'the smallest class is 4 KB');
});

t.test('an answer larger than the largest class is not pooled', async (t) => {
  const buffers = new AnswerBuffers(4, 1 << 13);
  const big = buffers.take(9000);
  t.equal(big.bytes.length, 9000);
  big.release();
  t.not(buffers.take(9000).bytes.buffer, big.bytes.buffer, 'its memory is left to the garbage collector');
});

const list = (): readonly TopPotentialItem[] => Object.freeze([]);
const page = (bytes: number) => ({ items: Buffer.alloc(bytes), templates: new Map() });
const template = (bytes: number) => ({ prefix: Buffer.alloc(bytes), size: () => bytes, fill: (_: unknown, out: Buffer) => out });

t.test('page bytes stay within their budget, least recently used out first', async (t) => {
  const pages = new PageBytes(100);
  const [a, b, c] = [list(), list(), list()];
  pages.set(a, page(40));
  pages.set(b, page(40));
  t.ok(pages.get(a), 'a is kept and now the most recently used');
  pages.set(c, page(40));
  t.equal(pages.get(b), undefined, 'b, the least recently used, went to make room');
  t.ok(pages.get(a) && pages.get(c), 'a and c are kept');
  pages.account(30);
  t.equal(pages.get(a), undefined, 'bytes added to a kept page count towards the budget too');
  t.ok(pages.get(c));
});

t.test('a forgotten page gives back the bytes of its templates as well', async (t) => {
  const pages = new PageBytes(100);
  const [a, b, c] = [list(), list(), list()];
  const withTemplates = page(30);
  withTemplates.templates.set('kept', template(30));
  withTemplates.templates.set('refused', null);
  pages.set(a, withTemplates);
  pages.account(30);
  pages.set(b, page(30));
  pages.set(c, page(30));
  t.equal(pages.get(a), undefined, 'a (30 + 30 bytes) went first');
  pages.set(list(), page(35));
  t.ok(pages.get(b) && pages.get(c), 'and its 60 bytes made room for 35 more without forgetting b or c');
});
