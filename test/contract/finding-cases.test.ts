import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import t from 'tap';
import { renderJunit } from '../../src/contract/junit.js';
import { runOffline } from '../../src/contract/offline.js';
import { runSuite } from '../../src/contract/run-suite.js';
import { tapCase } from '../../src/contract/tap.js';
import { MUTATIONS, startMutantServer, TOKEN } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A finding fails the case whose answer showed it first; a later case that sees it again says so, and is not failed by it. */

const TOTAL = 'schema-type:$.data.total:type';
const BASELINE = 'baseline: the default query ({}) conforms to the spec';
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['testcase', 'failure'].includes(name),
});

t.test('one schema finding in every answer fails one case, not every case that got an answer', async (t) => {
  const server = await startMutantServer();
  t.teardown(() => server.close());
  server.use(MUTATIONS.totalAsNumber);
  const { report } = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN } });
  t.same(
    report.findings.map((f) => [f.id, f.case]),
    [[TOTAL, BASELINE]],
  );
  t.ok((report.findings[0]?.count ?? 0) > 10, 'counted in every answer that showed it');
  t.same(
    report.cases.filter((c) => c.outcome === 'failed').map((c) => c.name),
    [BASELINE],
  );
  const region = report.cases.find((c) => c.name.startsWith('semantics: filter.region'));
  t.match(region, { outcome: 'passed', findings: [], seen_again: [TOTAL] }, 'the filter was honoured: the case passes, and tells');
  t.match(
    tapCase(1, region!),
    /^ok 1 - semantics: filter\.region .*\n {2}---\n {2}seen_again:\n {4}- "schema-type:\$\.data\.total:type"\n {2}\.\.\.\n$/,
  );

  const junit = parser.parse(renderJunit(report)) as {
    testsuites: { '@failures': string; testsuite: { testcase: { '@name': string; failure?: unknown[]; 'system-out'?: string }[] } };
  };
  t.equal(junit.testsuites['@failures'], '1');
  const cases = junit.testsuites.testsuite.testcase;
  t.same(
    cases.filter((c) => c.failure !== undefined).map((c) => c['@name']),
    [BASELINE],
  );
  t.match(cases.find((c) => c['@name'] === region?.name)?.['system-out'], `also seen here: ${TOTAL}, first shown by "${BASELINE}"`);
});

t.test('a finding first shown by a later case fails that case', async (t) => {
  const server = await startMutantServer();
  t.teardown(() => server.close());
  server.use({ ...MUTATIONS.totalAsNumber, preValidation: MUTATIONS.filterIgnored.preValidation });
  const { report } = await runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN } });
  const failed = report.cases.filter((c) => c.outcome === 'failed');
  t.equal(failed[0]?.name, BASELINE);
  t.ok(
    failed.slice(1).every((c) => c.findings.length > 0 && c.findings.every((f) => f.id !== TOTAL)),
    'every other failed case fails on a finding of its own',
  );
  const region = failed.find((c) => c.name.startsWith('semantics: filter.region'));
  t.same(
    region?.findings.map((f) => f.kind),
    ['semantics-filter'],
  );
  t.same(region?.seen_again, [TOTAL]);
});

t.test('offline: the first recording that shows a finding fails; later ones tell it', async (t) => {
  const dir = tempDir('finding-cases-');
  const recording = JSON.parse(readFileSync(new URL('../../fixtures/recorded/001-vendor-example.json', import.meta.url), 'utf8')) as {
    response: { body: { data: { total: unknown } } };
  };
  recording.response.body.data.total = 17;
  for (const name of ['01-a.json', '02-b.json']) writeFileSync(join(dir, name), JSON.stringify(recording));
  const { report } = await runOffline({ dir });
  t.same(
    report.cases.map((c) => [c.outcome, c.findings.map((f) => f.id), c.seen_again ?? []]),
    [
      ['failed', [TOTAL], []],
      ['passed', [], [TOTAL]],
    ],
  );
  t.equal(report.findings[0]?.count, 2);
});
