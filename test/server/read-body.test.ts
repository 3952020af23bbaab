import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { DISCARD_LIMIT_BYTES, readBody } from '../../src/server/read-body.js';

/** A request stream with the given headers; write chunks to it, then end it. */
const payload = (headers: Record<string, string> = {}): PassThrough & IncomingMessage =>
  Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;

const read = (
  stream: IncomingMessage,
  limit: number,
): Promise<{ error: (Error & { code?: string; statusCode?: number }) | null; text: string | undefined }> =>
  new Promise((resolve) => readBody(stream, limit, (error, text) => resolve({ error, text })));

t.test('a body sent a byte at a time is read whole into one buffer', async (t) => {
  const text = JSON.stringify({ filter: { region: 'US' }, pagesize: 50, note: 'é€😀' });
  const bytes = Buffer.from(text);
  const stream = payload({ 'content-length': String(bytes.length) });
  const result = read(stream, 1000);
  for (const byte of bytes) stream.write(Buffer.from([byte]));
  stream.end();
  t.same(await result, { error: null, text }, 'multi-byte characters split across chunks come out intact');
  t.equal(stream.listenerCount('data'), 0, 'and it lets go of the stream');
});

t.test('a chunked body (no Content-Length) grows as it comes, up to the limit', async (t) => {
  const stream = payload();
  const result = read(stream, 5000);
  const text = 'x'.repeat(4000);
  for (let i = 0; i < text.length; i += 7) stream.write(text.slice(i, i + 7));
  stream.end();
  t.same(await result, { error: null, text });
  const over = payload();
  let settled = false;
  const refused = read(over, 5000).finally(() => (settled = true));
  over.write('y'.repeat(4000));
  over.write('y'.repeat(1001));
  await new Promise((resolve) => setImmediate(resolve));
  t.notOk(settled, 'one byte over the limit: the rest is read (and dropped) before the answer');
  t.ok(over.readableFlowing, 'still read');
  over.end('y'.repeat(10_000));
  const { error } = await refused;
  t.equal(error?.code, 'FST_ERR_CTP_BODY_TOO_LARGE', 'one byte over the limit is too large');
  t.equal(over.listenerCount('data'), 0);
});

t.test('a body over the limit is read to its end and dropped, up to DISCARD_LIMIT_BYTES; past it, refused at once', async (t) => {
  const declared = payload({ 'content-length': '5001' });
  const dropped = read(declared, 5000);
  t.equal(declared.listenerCount('data'), 1, 'a declared length over the limit is read');
  declared.end('z'.repeat(5001));
  t.equal((await dropped).error?.code, 'FST_ERR_CTP_BODY_TOO_LARGE');
  t.equal(declared.listenerCount('data'), 0);

  const huge = payload({ 'content-length': String(DISCARD_LIMIT_BYTES + 1) });
  const { error } = await read(huge, 5000);
  t.equal(error?.code, 'FST_ERR_CTP_BODY_TOO_LARGE', 'declared past the bound: refused before anything is read');
  t.equal(huge.listenerCount('data'), 0);

  const chunked = payload();
  const cut = read(chunked, 5000);
  const mib = Buffer.alloc(2 ** 20, 'c');
  for (let sent = 0; sent <= DISCARD_LIMIT_BYTES; sent += mib.length) chunked.write(mib);
  t.equal((await cut).error?.code, 'FST_ERR_CTP_BODY_TOO_LARGE', 'counted past the bound: refused without waiting for its end');
  t.equal(chunked.listenerCount('data'), 0);

  const broken = payload({ 'content-length': '6000' });
  const failed = read(broken, 5000);
  broken.destroy(new Error('aborted while dropped'));
  t.match((await failed).error, { message: 'aborted while dropped', statusCode: 400 });
});

t.test('a body shorter or longer than declared is a length mismatch', async (t) => {
  const short = payload({ 'content-length': '10' });
  const shortResult = read(short, 100);
  short.end('{}');
  t.equal((await shortResult).error?.code, 'FST_ERR_CTP_INVALID_CONTENT_LENGTH');
  const long = payload({ 'content-length': '2' });
  const longResult = read(long, 100);
  long.end('{}{}');
  t.equal((await longResult).error?.code, 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'more than declared, within the buffer it grew');
});

t.test('a stream error is a client error (400) unless it says otherwise', async (t) => {
  const broken = payload();
  const result = read(broken, 100);
  broken.destroy(new Error('aborted'));
  const { error } = await result;
  t.equal(error?.message, 'aborted');
  t.equal(error?.statusCode, 400);
  const teapot = payload();
  const second = read(teapot, 100);
  teapot.destroy(Object.assign(new Error('odd'), { statusCode: 418 }));
  t.equal((await second).error?.statusCode, 418);
});
