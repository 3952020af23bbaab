import { jsonDepth } from '../json-depth.js';
import { ContractSetupError } from './contract-errors.js';
import { isRecord } from './json-value.js';

/**
 * One request to the endpoint and the answer it got: what the live suite observes and what offline mode reads
 * from recorded fixtures. A recorded exchange is one JSON file in exactly this shape.
 */
export interface ExchangeRequest {
  /** Upper case, e.g. POST. */
  readonly method: string;
  /** Path on the target, e.g. /creator/v1/rank/topPotential. */
  readonly path: string;
  /**
   * Headers as sent, lower-case names. The API key never appears: `authorization` reads `Bearer <redacted>`
   * when the key was sent; probes that send a fixed, non-secret value show it as is.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** The JSON body; absent when no body was sent. */
  readonly body?: unknown;
}

export interface ExchangeResponse {
  readonly status: number;
  /** The headers the checks read; absent when the target did not send them. */
  readonly headers: { readonly 'content-type'?: string; readonly 'retry-after'?: string };
  /**
   * The parsed JSON body; absent when the body was empty, not JSON, or JSON nested deeper than MAX_EXCHANGE_DEPTH
   * (then `text` holds it).
   */
  readonly body?: unknown;
  /** The raw body when it was not JSON (or too deep to be kept parsed). */
  readonly text?: string;
}

export interface RecordedExchange {
  readonly request: ExchangeRequest;
  readonly response: ExchangeResponse;
  /** When the answer arrived, ISO 8601. */
  readonly recorded_at: string;
  /** Base URL of the target that answered, without credentials. */
  readonly target: string;
}

/** The number a recording's name starts with (`012-us.json`: 12); -1 without one (longer runs of digits are none of ours). */
export const recordingNumber = (name: string): number => Number(/^(\d{1,9})-/.exec(name)?.[1] ?? -1);

/**
 * Deepest nesting a recorded exchange may have. Judging and replaying walk a recording recursively, so a deeper one is
 * refused as it is read rather than overflowing the stack later.
 */
export const MAX_EXCHANGE_DEPTH = 64;

/**
 * Checks that a parsed JSON value is a recorded exchange. Throws a ContractSetupError naming `source` and the member
 * that is wrong, so a broken fixture is fixed rather than silently judged. A status outside 200-599 is refused: Fastify
 * sends none above 599 or below 100, and a 1xx is an interim answer that would leave a replay's client waiting.
 */
export function parseExchange(value: unknown, source: string): RecordedExchange {
  const fail = (why: string): never => {
    throw new ContractSetupError(
      `${source} is not a recorded exchange: ${why}. See "Recorded exchanges" in the kit's docs/contract.md for the format.`,
    );
  };
  if (!isRecord(value)) return fail('it is not a JSON object');
  if (jsonDepth(value, MAX_EXCHANGE_DEPTH) > MAX_EXCHANGE_DEPTH) {
    return fail(`it nests deeper than ${MAX_EXCHANGE_DEPTH} levels, far deeper than any answer of this API`);
  }
  const { request, response, recorded_at: recordedAt, target } = value;
  if (!isRecord(request)) return fail('"request" must be an object');
  if (typeof request['method'] !== 'string' || typeof request['path'] !== 'string')
    return fail('"request" needs string "method" and "path"');
  if (request['headers'] !== undefined && !isStringRecord(request['headers'])) return fail('"request.headers" must map names to strings');
  if (!isRecord(response)) return fail('"response" must be an object');
  const status = response['status'];
  if (!(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)) {
    return fail(`"response.status" must be the status of a final HTTP answer, 200 to 599: got ${JSON.stringify(status)}`);
  }
  if (!isStringRecord(response['headers'])) return fail('"response.headers" must map names to strings');
  if (response['text'] !== undefined && typeof response['text'] !== 'string') return fail('"response.text" must be a string');
  if (typeof recordedAt !== 'string' || Number.isNaN(Date.parse(recordedAt))) return fail('"recorded_at" must be an ISO 8601 instant');
  if (typeof target !== 'string') return fail('"target" must be a string');
  return value as unknown as RecordedExchange;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
