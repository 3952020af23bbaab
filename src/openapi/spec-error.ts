/** A spec the kit cannot work from (unreadable, not OpenAPI 3.1, or missing what the kit derives): the message names the place. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
}
