import t from 'tap';
import { runContract } from '../../src/testing/run-contract.js';
import { startFakeServer } from '../../src/testing/start-fake-server.js';
import { CASE_COUNT } from '../helpers/contract.js';
import type { FakeServerOptions } from '../../src/server/options.js';

// The whole suite, every case, against a fake in each data mode: a few seconds each on a quiet machine.
t.setTimeout(240_000);

const NOW = new Date('2026-11-25T00:00:00Z');
const modes: readonly Pick<FakeServerOptions, 'optional' | 'data'>[] = [
  { optional: 'all', data: 'edge' },
  { optional: 'mixed', data: 'edge' },
  { optional: 'none', data: 'typical' },
  {},
];

for (const mode of modes) {
  t.test(`the contract suite finds nothing against the fake with ${JSON.stringify(mode)}`, async (t) => {
    const fake = await startFakeServer({ now: NOW, seed: 7, ...mode });
    t.teardown(() => fake.close());
    const result = await runContract({
      target: { baseUrl: fake.url, token: 'data-modes-token' },
      budget: CASE_COUNT + 10,
      output: () => {},
    });
    t.same(
      result.findings.map((finding) => [finding.kind, finding.path]),
      [],
      'optional fields and edge values are what the spec allows',
    );
    t.equal(result.exitCode, 0);
    t.ok(result.report.cases.length >= CASE_COUNT, 'every planned case ran');
  });
}
