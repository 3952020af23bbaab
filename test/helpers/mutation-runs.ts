import type { Test } from 'tap';
import type { FindingKind } from '../../src/contract/findings.js';
import { runSuite, type ContractResult } from '../../src/contract/run-suite.js';
import { MUTATIONS, startMutantServer, TOKEN, type MutantServer } from './mutant-server.js';

export interface Expectation {
  readonly kind: FindingKind;
  readonly path: string;
  readonly rule?: string;
}

/** One mutant fake for a test file: each mutation runs the whole suite against it and checks what was found. */
export async function mutationRunner(
  t: Test,
): Promise<{ run: (name: keyof typeof MUTATIONS | undefined) => Promise<ContractResult>; server: MutantServer }> {
  const server = await startMutantServer();
  t.teardown(() => server.close());
  return {
    server,
    run: async (name) => {
      server.use(name === undefined ? undefined : MUTATIONS[name]);
      return runSuite({ target: { baseUrl: server.baseUrl, token: TOKEN } });
    },
  };
}

/** Asserts the run failed (exit code 1) with a finding of this kind at this path (and rule). */
export function assertCaught(t: Test, result: ContractResult, expected: readonly Expectation[]): void {
  t.equal(result.exitCode, 1, 'exit code 1');
  t.equal(result.drift, true);
  for (const { kind, path, rule } of expected) {
    const found = result.findings.find((f) => f.kind === kind && f.path === path && (rule === undefined || f.rule === rule));
    t.ok(
      found,
      `a ${kind} finding at ${path}${rule ? ` (${rule})` : ''}; got ${result.findings.map((f) => `${f.kind} ${f.path} ${f.rule ?? ''}`).join('; ')}`,
    );
    t.ok(found?.request?.headers?.['authorization'] !== `Bearer ${TOKEN}`, 'the request in the finding has no key');
  }
}
