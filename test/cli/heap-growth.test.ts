import t from 'tap';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../src/cli/heap-growth.js';

t.test('sets the growth flag when the process was started without one', async (t) => {
  const set: string[] = [];
  t.equal(
    boundHeapGrowth(['--enable-source-maps', '--max-old-space-size=512'], (flags) => set.push(flags)),
    true,
  );
  t.same(set, [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
});

t.test("leaves a growth the user chose in node's flags, in either spelling", async (t) => {
  const set: string[] = [];
  t.equal(
    boundHeapGrowth(['--heap-growing-percent=50'], (flags) => set.push(flags)),
    false,
  );
  t.equal(
    boundHeapGrowth(['--inspect', '--heap_growing_percent=30'], (flags) => set.push(flags)),
    false,
  );
  t.equal(
    boundHeapGrowth(['--heap-growing-percent', '30'], (flags) => set.push(flags)),
    false,
  );
  t.same(set, []);
});
