import { randomBytes } from 'node:crypto';
import { runOffline } from './contract/offline.js';
import { targetSecrets, type ContractTarget, type SuiteOptions } from './contract/options.js';
import { resolveSpec } from './openapi/describe.js';
import type { SpecInput } from './openapi/describe.js';
import { runSuite, type ContractResult } from './contract/run-suite.js';

/** A target this process started and must close. */
export interface StartedTarget extends ContractTarget {
  readonly token: string;
  readonly label: string;
  close(): Promise<void>;
}

/**
 * The contract suite's default target: the kit's fake, in this process, on a free loopback port, accepting only
 * a fresh random key, serving `spec` (default: the kit's own). The only place the suite meets the fake; src/contract
 * knows nothing of it.
 */
export async function startDefaultTarget(spec?: SpecInput): Promise<StartedTarget> {
  const { buildFakeServer } = await import('./server/build-fake-server.js');
  const token = `contract-${randomBytes(16).toString('hex')}`;
  const app = buildFakeServer({ tokens: [token], ...(spec === undefined ? {} : { spec }) });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return { baseUrl, token, label: 'in-process fake', close: () => app.close() };
}

export type ContractOptions = Omit<SuiteOptions, 'target'> & {
  /** Where to send the suite; default: the in-process fake. */
  readonly target?: ContractTarget;
  /** Judge the recorded exchanges in this directory instead, sending nothing. */
  readonly offline?: string;
};

/**
 * Runs the contract suite: against `target` when given, else against an in-process fake started for the run (serving
 * the same spec the suite judges against); with `offline`, against recorded exchanges. Resolves with the verdict
 * (exitCode 0 or 1); rejects with TargetUnreachableError or ContractSetupError when there is none to give.
 */
export async function runContractSuite(options: ContractOptions = {}): Promise<ContractResult> {
  const { target, offline, ...rest } = options;
  if (offline !== undefined) {
    return runOffline({ ...rest, dir: offline, ...(target === undefined ? {} : { secrets: targetSecrets(target) }) });
  }
  if (target !== undefined) return runSuite({ ...rest, target });
  // The spec is read once, and the fake and the suite share it.
  const spec = rest.spec === undefined ? undefined : resolveSpec(rest.spec).doc;
  const started = await startDefaultTarget(spec);
  try {
    return await runSuite({
      ...rest,
      ...(spec === undefined ? {} : { spec }),
      target: started,
      targetLabel: rest.targetLabel ?? started.label,
      stateKey: rest.stateKey ?? started.label,
    });
  } finally {
    await started.close();
  }
}
