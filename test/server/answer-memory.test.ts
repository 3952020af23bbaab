import t from 'tap';
import { AnswerBuffers } from '../../src/server/answer-buffers.js';

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
