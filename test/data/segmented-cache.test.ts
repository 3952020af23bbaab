import t from 'tap';
import { SegmentedCache } from '../../src/data/segmented-cache.js';

const sized = (bytes: number) => ({ bytes });
const sizeOf = (value: { bytes: number }) => value.bytes;

t.test('entries used twice survive a scan of entries used once', async (t) => {
  const cache = new SegmentedCache<string, { bytes: number }>(1200, sizeOf);
  for (const key of ['a', 'b', 'c']) cache.set(key, sized(100));
  t.ok(cache.get('a') && cache.get('b'), 'a and b used a second time: protected');
  for (let i = 0; i < 100; i++) cache.set(`scan-${i}`, sized(100));
  t.ok(cache.get('a') && cache.get('b'), 'a and b are still there after 100 entries used once');
  t.equal(cache.get('c'), undefined, 'c, used once, went with the scan');
  t.ok(cache.get('scan-99'), 'the latest of the scan waits in probation');
  const usage = cache.usage();
  t.ok(usage.bytes <= usage.maxBytes && usage.maxBytes === 1200, `${usage.bytes} of ${usage.maxBytes} bytes, ${usage.entries} entries`);
});

t.test('the protected segment is an LRU too; an entry larger than probation goes straight to it', async (t) => {
  const cache = new SegmentedCache<string, { bytes: number }>(400, sizeOf);
  const big = sized(200);
  cache.set('big', big);
  t.equal(cache.get('big'), big, 'kept though larger than the 100-byte probation');
  for (const key of ['x', 'y']) {
    cache.set(key, sized(90));
    cache.get(key);
  }
  t.equal(cache.get('big'), undefined, 'pushed out of the 300-byte protected segment by newer protected entries');
  cache.set('huge', sized(500));
  t.equal(cache.get('huge'), undefined, 'larger than the whole cache: not kept');
});

t.test('a working set larger than probation, used in turn, ends up protected', async (t) => {
  const cache = new SegmentedCache<string, { bytes: number }>(1200, sizeOf);
  const keys = ['p', 'q', 'r', 's', 't', 'u'];
  let made = 0;
  const use = (key: string) => {
    if (cache.get(key) === undefined) {
      made++;
      cache.set(key, sized(100));
    }
  };
  for (const key of keys) use(key);
  t.equal(made, 6, 'first round: all made (probation holds 3)');
  for (const key of keys) use(key);
  t.equal(made, 9, 'second round: those pushed out unused are made again, and remembered as used before');
  made = 0;
  for (let round = 0; round < 3; round++) for (const key of keys) use(key);
  t.equal(made, 0, 'from then on all six are kept');
});
