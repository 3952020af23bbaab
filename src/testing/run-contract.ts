import type { ContractOptions } from '../contract-default-target.js';
import type { ContractResult } from '../contract/run-suite.js';

/**
 * The contract suite (see contract-default-target.ts), loaded when first run: the package's entry is imported by every
 * test file that starts a fake, and the suite's modules would cost each of them ~40 ms of loading for nothing.
 */
export async function runContract(options: ContractOptions = {}): Promise<ContractResult> {
  const suite = await import('../contract-default-target.js');
  return suite.runContractSuite(options);
}
