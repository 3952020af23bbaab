import { randomBytes } from 'node:crypto';
import { runOffline } from './contract/offline.js';
import { targetSecrets, type ContractTarget, type SuiteOptions } from './contract/options.js';
import { resolveSpec } from './openapi/describe.js';
import { runSuite, type ContractResult } from './contract/run-suite.js';

/** A target a process started and must close (the public API's type; the in-process fake below is one). */
export interface StartedTarget extends ContractTarget {
  readonly token: string;
  readonly label: string;
  close(): Promise<void>;
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
  // The default target: the kit's fake, in this process, on a free loopback port, accepting only a fresh random key,
  // serving the spec the suite judges against (read once, and shared). The only place the suite meets the fake.
  const spec = rest.spec === undefined ? undefined : resolveSpec(rest.spec).doc;
  const { buildFakeServer } = await import('./server/build-fake-server.js');
  const token = `contract-${randomBytes(16).toString('hex')}`;
  const app = buildFakeServer({ tokens: [token], ...(spec === undefined ? {} : { spec }) });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const label = 'in-process fake';
  try {
    return await runSuite({
      ...rest,
      ...(spec === undefined ? {} : { spec }),
      target: { baseUrl, token },
      targetLabel: rest.targetLabel ?? label,
      stateKey: rest.stateKey ?? label,
    });
  } finally {
    await app.close();
  }
}
