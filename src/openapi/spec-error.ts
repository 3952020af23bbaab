import { KitError } from '../kit-errors.js';

/** A spec the kit cannot work from (unreadable, not OpenAPI 3.1, or missing what the kit derives): the message names the place. */
export class SpecError extends KitError {
  override readonly name = 'SpecError';
  readonly code = 'FMK_ERR_SPEC';
}
