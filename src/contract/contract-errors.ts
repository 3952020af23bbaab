import { KitError } from '../kit-errors.js';

/** The target could not be reached (connection refused, DNS, timeout): exit code 2, no verdict on drift. */
export class TargetUnreachableError extends KitError {
  override readonly name = 'TargetUnreachableError';
  readonly code = 'FMK_ERR_TARGET_UNREACHABLE';
}

/** The run was set up wrongly (options, a refused key, unreadable fixtures): exit code 2. */
export class ContractSetupError extends KitError {
  override readonly name = 'ContractSetupError';
  readonly code = 'FMK_ERR_CONTRACT_SETUP';
}

/** Why the client stopped sending before the plan was done. */
export type StopReason = 'budget' | 'time' | 'rate-limited' | 'quota';

/** Thrown by the client when it may send no more; the runner marks the remaining cases skipped. */
export class RunStopped extends Error {
  override readonly name = 'RunStopped';
  constructor(
    readonly reason: StopReason,
    detail: string,
  ) {
    super(detail);
  }
}
