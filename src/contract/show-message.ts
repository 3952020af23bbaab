import { clipWords } from '../clip-words.js';
import { showValue } from '../openapi/describe-ajv-error.js';

/** The most of a target's message shown in a finding or an error: enough for any sentence a vendor writes. */
export const MAX_MESSAGE_SHOWN = 300;

/**
 * A target's `message` for a finding or an error: a string quoted as JSON (its line breaks and quotes escaped), cut at a
 * word past MAX_MESSAGE_SHOWN characters, never inside one; anything else as showValue shows a value.
 */
export function showMessage(message: unknown): string {
  return typeof message === 'string' ? JSON.stringify(clipWords(message, MAX_MESSAGE_SHOWN)) : showValue(message);
}
