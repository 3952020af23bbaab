import { KitError } from '../kit-errors.js';

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class UsageError extends KitError {
  override readonly name = 'UsageError';
  readonly code = 'FMK_ERR_USAGE';
}
