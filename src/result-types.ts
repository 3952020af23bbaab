import type { ErrorEnvelope, TopPotentialResponse } from './generated/types.js';

/**
 * What the endpoint answers, success or error, discriminated by `code`: `if (result.code === 0)` narrows to the
 * ranking (`result.data.list`), anything else to the error envelope (`data: null`, `message` says what failed).
 */
export type TopPotentialResult = TopPotentialResponse | ErrorEnvelope;
