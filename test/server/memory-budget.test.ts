import t from 'tap';
import {
  CACHE_SHARE,
  connectionBytes,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_MEMORY_MB,
  ENTRY_BYTES,
  MIN_CACHE_BYTES,
  planMemory,
} from '../../src/server/memory-budget.js';
import { PIPELINED_BYTES } from '../../src/server/pipelining.js';
import { fake } from '../helpers/fake.js';
import { cachedBytes } from '../helpers/memory.js';

const MB = 2 ** 20;
const limits = { maxMemoryMb: DEFAULT_MAX_MEMORY_MB, maxConnections: DEFAULT_MAX_CONNECTIONS, bodyLimit: 65_536, maxHeaderSize: 16_384 };

t.test('the bounds derived from the ceiling fit in it, and none is empty', async (t) => {
  const plan = planMemory(limits);
  t.equal(plan.totalBytes, 256 * MB);
  t.equal(
    plan.connectionBytes,
    512 * 192 * 1024,
    '512 connections of 192 KiB (16 KiB objects, 16 KiB head, 64 KiB body, 96 KiB of pipelined requests waiting)',
  );
  const { totalBytes, connectionBytes: connections, headroomBytes, ...caches } = plan;
  const cached = cachedBytes(plan);
  const share = (totalBytes - connections) * CACHE_SHARE;
  t.ok(
    cached <= share && cached > share - 7 * ENTRY_BYTES.universe,
    `the caches get ${CACHE_SHARE} of what connections leave (${cached} bytes)`,
  );
  t.equal(connections + headroomBytes + cached, totalBytes, 'connections, headroom and caches add up to the ceiling');
  t.ok(headroomBytes > cached, 'more headroom than caches: the garbage collector lets the heap grow past what is live');
  for (const [name, count] of Object.entries(caches)) t.ok(count > 0, `${name}: ${count}`);
  t.equal(
    connectionBytes(1000, 2000),
    16 * 1024 + 3000 + PIPELINED_BYTES,
    'a connection reserves its objects, its head, its body and its waiting requests',
  );
});

t.test('a ceiling too small for the connections and the caches is refused with what to do', async (t) => {
  t.throws(
    () => planMemory({ ...limits, maxMemoryMb: 64 }),
    /^a memory ceiling of 64 MB leaves 0 MB for caches after 512 connections \(192 KiB each\) and the garbage collector's headroom, and the caches need 40 MB: raise the ceiling \(--max-memory, maxMemoryMb\) to at least 185 or allow fewer connections \(--max-connections, maxConnections\)$/,
  );
  const smallest = planMemory({ ...limits, maxMemoryMb: 185 });
  t.ok(cachedBytes(smallest) >= MIN_CACHE_BYTES - 7 * ENTRY_BYTES.universe, 'the suggested ceiling is enough');
  t.equal(smallest.universes, 0, "it keeps no universe besides the home seed's");
  t.doesNotThrow(() => planMemory({ ...limits, maxMemoryMb: 120, maxConnections: 16 }), 'fewer connections, smaller ceiling');
  t.throws(() => fake({ maxMemoryMb: 64 }), /^Failed to build the fake server: a memory ceiling of 64 MB leaves/);
  t.throws(() => fake({ maxMemoryMb: 0 }), /maxMemoryMb must be a positive number of MB, got 0/);
  t.throws(() => fake({ maxMemoryMb: Number.POSITIVE_INFINITY }), /maxMemoryMb must be a positive number/);
  t.throws(() => fake({ maxConnections: 1.5 }), /maxConnections must be a positive whole number, got 1.5/);
  t.throws(() => fake({ maxConnections: 0 }), /maxConnections must be a positive whole number/);
});

t.test('app.memoryUsage() shows the per-token tables only when they exist', async (t) => {
  const plain = fake();
  t.teardown(() => plain.close());
  const usage = plain.memoryUsage();
  t.same([usage.rateLimit, usage.quota], [undefined, undefined], 'no --rate-limit, no --quota: no tables');
  t.equal(usage.budget.totalBytes, DEFAULT_MAX_MEMORY_MB * MB);
  t.same(usage.universes.entries, 1, "the server's own universe, made at once");
});
