import type { RecordedExchange } from '../contract/exchange.js';
import { readExchanges, readRecordedExchange } from '../contract/offline.js';
import type { AnswerSource } from '../server/answer-source.js';
import type { ApiDescription } from '../openapi/describe.js';
import { createScrub, scrubbedCopy } from '../contract/scrub.js';
import { headerValue } from '../text-escape.js';
import { createCanonicalizer, sortedJson } from '../openapi/canonical-request.js';
import { requestValidatorFor } from '../openapi/request-validator.js';

export interface RecordedFile {
  readonly file: string;
  readonly exchange: RecordedExchange;
  /** The credentials its request carried (see readRecordedExchange): scrubbed from the answer it replays. */
  readonly secrets: readonly string[];
}

/**
 * Recorded exchanges from a directory (`*.json`, as `fastmoss-kit record` writes them, each named by its file) or
 * given in memory (each named by its position, `#1`): checked, a credential in a request redacted and kept among
 * `secrets`. Rejects with ContractSetupError naming the file or entry that is not a recorded exchange.
 */
export async function readRecordings(recordings: string | readonly RecordedExchange[]): Promise<RecordedFile[]> {
  return typeof recordings === 'string'
    ? readExchanges(recordings)
    : recordings.map((exchange, index) => ({ file: `#${index + 1}`, ...readRecordedExchange(exchange, `recordings[${index}]`) }));
}

/** The recorded answer as the upstream sent it: the parsed JSON re-serialised compactly, or the raw text. */
export function recordedBody(exchange: RecordedExchange): string {
  return exchange.response.text ?? (exchange.response.body === undefined ? '' : JSON.stringify(exchange.response.body));
}

/**
 * Answers a request that matches a recorded one (by canonical form) with the recorded answer; anything else is
 * left to the fake. When two files record the same request, the later recording wins (by number: `1000-` after `999-`).
 */
export function replayAnswers(api: ApiDescription, recorded: readonly RecordedFile[]): AnswerSource {
  const keyOf = createRequestKey(api);
  const byKey = new Map(
    recorded.map((entry) => {
      const scrub = createScrub(entry.secrets);
      const response = scrubbedCopy(entry.exchange.response, scrub);
      return [keyOf(entry.exchange.request.body), { file: entry.file, exchange: { ...entry.exchange, response } }];
    }),
  );
  return {
    ownsAuth: false,
    answer: (request) => {
      const hit = byKey.get(keyOf(request.body));
      if (hit === undefined) return Promise.resolve(undefined);
      const { response } = hit.exchange;
      // A recording is a file anyone may have edited: its header values, and its name, are sent ASCII-only (headerValue).
      const headers: Record<string, string> = {
        'content-type': headerValue(response.headers['content-type'] ?? 'application/json; charset=utf-8'),
      };
      if (response.headers['retry-after'] !== undefined) headers['retry-after'] = headerValue(response.headers['retry-after']);
      const source = headerValue(`recorded ${hit.file}`);
      return Promise.resolve({ status: response.status, headers, body: recordedBody(hit.exchange), source });
    },
  };
}

/**
 * The key a request is matched by: the canonical form when the spec accepts it (key order and default values do
 * not matter), else its JSON with sorted keys. No body and `{}` are the same request.
 */
function createRequestKey(api: ApiDescription): (body: unknown) => string {
  const validate = requestValidatorFor(api);
  const canonical = createCanonicalizer(api);
  return (body) => {
    const value = body === undefined ? {} : body;
    const verdict = validate(value);
    return verdict.ok ? `valid ${canonical(verdict.request)}` : `invalid ${sortedJson(value)}`;
  };
}
