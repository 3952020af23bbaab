import t from 'tap';
import { connectionBytes, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_MEMORY_MB, HEADROOM_SHARE, MIN_CACHE_BYTES, planMemory } from '../../src/server/memory-budget.js';
import { fake } from '../helpers/fake.js';

const MB = 2 ** 20;
const limits = { maxMemoryMb: DEFAULT_MAX_MEMORY_MB, maxConnections: DEFAULT_MAX_CONNECTIONS, bodyLimit: 65_536, maxHeaderSize: 16_384 };

t.test('the shares of the ceiling add up to it, and none is empty', async (t) => {
  const plan = planMemory(limits);
  t.equal(plan.totalBytes, 256 * MB);
  t.equal(plan.connectionBytes, 512 * 96 * 1024, '512 connections of 96 KiB (16 KiB objects, 16 KiB head, 64 KiB body)');
  t.equal(plan.headroomBytes, 256 * MB * HEADROOM_SHARE);
  const { totalBytes, ...shares } = plan;
  const sum = Object.values(shares).reduce((a, b) => a + b, 0);
  t.ok(sum <= totalBytes, `${sum} <= ${totalBytes}`);
  t.ok(totalBytes - sum < 16, 'nothing left out but rounding');
  for (const [name, bytes] of Object.entries(shares)) t.ok(bytes > 0, `${name}: ${bytes}`);
  t.equal(connectionBytes(1000, 2000), 16 * 1024 + 3000, 'a connection reserves its objects, its head and its body');
});

t.test('a ceiling too small for the connections and the caches is refused with what to do', async (t) => {
  t.throws(
    () => planMemory({ ...limits, maxMemoryMb: 64 }),
    /^a memory ceiling of 64 MB leaves 0 MB for caches after 512 connections \(96 KiB each\) and 25% headroom, and the caches need 48 MB: raise the ceiling \(--max-memory, maxMemoryMb\) to at least 128 or allow fewer connections \(--max-connections, maxConnections\)$/,
  );
  const smallest = planMemory({ ...limits, maxMemoryMb: 128 });
  t.ok(smallest.totalBytes - smallest.connectionBytes - smallest.headroomBytes >= MIN_CACHE_BYTES, 'the suggested ceiling is enough');
  t.doesNotThrow(() => planMemory({ ...limits, maxMemoryMb: 80, maxConnections: 16 }), 'fewer connections, smaller ceiling');
  t.throws(() => fake({ maxMemoryMb: 64 }), /^Failed to build the fake server: a memory ceiling of 64 MB leaves/);
  t.throws(() => fake({ maxMemoryMb: 0 }), /maxMemoryMb must be a positive number of MB, got 0/);
  t.throws(() => fake({ maxMemoryMb: Number.POSITIVE_INFINITY }), /maxMemoryMb must be a positive number/);
  t.throws(() => fake({ maxConnections: 1.5 }), /maxConnections must be a positive whole number, got 1.5/);
  t.throws(() => fake({ maxConnections: 0 }), /maxConnections must be a positive whole number/);
});
