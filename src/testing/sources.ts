import type { RecordedExchange } from '../contract/exchange.js';
import type { Observation } from '../contract/findings.js';
import { resolveSpec, type SpecInput } from '../openapi/describe.js';
import type { AnswerSource } from '../server/answer-source.js';

// The recorder's and the contract suite's modules are loaded when a source is made or first used, not with the
// package's entry: most test files that import it only start a fake.

export interface ReplaySourceOptions {
  /** The spec the fake serves (a file's path or a parsed document): requests are matched in its canonical form. Default: the kit's own. */
  readonly spec?: SpecInput;
}

/**
 * What `serve --fixtures DIR` does, in-process: a request that matches a recorded exchange (by canonical body) gets
 * the recorded answer, byte for byte; anything else is left to the fake. Pass a directory of recorded exchanges
 * (`*.json`, as `fastmoss-kit record` writes them) or the exchanges themselves; then
 * `buildFakeServer({ source: await createReplaySource('fixtures/recorded') })`. The answer's `x-fake-source` header
 * names the file (`recorded 001-us-month-2026-03.json`), or the position in the array (`recorded #1`).
 * Rejects with ContractSetupError naming a file or an entry that is not a recorded exchange. A credential a recording
 * carries (its request's Authorization, a signed query) is redacted from what it replays, in either form.
 */
export async function createReplaySource(
  recordings: string | readonly RecordedExchange[],
  options: ReplaySourceOptions = {},
): Promise<AnswerSource> {
  const api = resolveSpec(options.spec);
  const { readRecordings, replayAnswers } = await import('../record/replay-source.js');
  return replayAnswers(api, await readRecordings(recordings));
}

export interface ProxySourceOptions {
  /** The spec to judge requests and answers against. Default: the kit's own. */
  readonly spec?: SpecInput;
  /** Replace an answer that violates the spec with a 40001 envelope that explains it (`serve --proxy URL --errors`). Default false. */
  readonly errors?: boolean;
  /** One line per violation. Default: written to stderr. */
  readonly log?: (line: string) => void;
  /**
   * Sees every proxied exchange and its violations, e.g. to save it as a fixture: the caller's credentials redacted
   * from the request and scrubbed wherever the upstream echoed them, whatever their scheme.
   */
  readonly onExchange?: (exchange: RecordedExchange, violations: readonly Observation[]) => void;
  /** How long to wait for the upstream's answer. Default 30000. */
  readonly timeoutMs?: number;
}

/**
 * What `serve --proxy URL` does, in-process: every request goes to `upstream` with the caller's own credentials; the
 * request and the answer are judged with the contract suite's checks and violations are reported in the
 * `x-spec-violations` header and `log`, without altering the answer (unless `errors`). The source answers for auth,
 * rate limits and quotas itself: the upstream does.
 */
export function createProxySource(upstream: string, options: ProxySourceOptions = {}): AnswerSource {
  const api = resolveSpec(options.spec);
  const { onExchange } = options;
  let proxy: Promise<AnswerSource> | undefined;
  const made = async (): Promise<AnswerSource> =>
    (await import('../record/proxy-source.js')).proxyAnswers(api, {
      upstream,
      errors: options.errors ?? false,
      log: options.log ?? ((line) => void process.stderr.write(`${line}\n`)),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(onExchange === undefined ? {} : { onExchange: (exchange, violations) => onExchange(exchange, violations) }),
    });
  return { ownsAuth: true, answer: async (request, context) => (await (proxy ??= made())).answer(request, context) };
}
