import { type ExchangeRequest, type RecordedExchange } from '../contract/exchange.js';
import { describeObservation as describe, SEVERITY, type Observation } from '../contract/findings.js';
import { createScrub, displayUrl, scrubbedCopy } from '../contract/scrub.js';
import { headerValue, logLine } from '../text-escape.js';
import { FakeServerOptionsError } from '../server/options.js';
import { redactRequest, urlSecrets } from '../url-credentials.js';
import { AnswerTooLarge, describeBytes, sendExchange, type ExchangeFailed } from '../contract/send-exchange.js';
import { suiteSetup } from '../contract/spec-facts.js';
import type { ApiDescription } from '../openapi/describe.js';
import type { AnswerSource, SourceContext } from '../server/answer-source.js';

/**
 * Each violation's path and kind, `; ` between them, percent-encoded to ASCII (headerValue: what is not printable
 * ASCII, and `%`, as UTF-8 escapes; decodeURIComponent reads it back), at most 2000 characters.
 */
export const VIOLATIONS_HEADER = 'x-spec-violations';

export interface ProxyOptions {
  readonly upstream: string;
  /** Replace a violating answer with a 40001 envelope that explains it. */
  readonly errors: boolean;
  /** One line per violation. */
  readonly log: (line: string) => void;
  /**
   * Each exchange passed on (the caller's credentials redacted in its request, scrubbed from everything else), with its
   * violations (scrubbed), the caller's secrets and whether the spec accepts its request.
   */
  readonly onExchange?: (
    exchange: RecordedExchange,
    violations: readonly Observation[],
    secrets: readonly string[],
    requestValid: boolean,
  ) => void;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /**
   * Largest upstream answer read, decoded (see SendOptions.maxBodyBytes). A larger one is not read further nor passed
   * on: the caller gets a 40001 envelope naming the upstream and the limit. Default 8 MiB.
   */
  readonly maxBodyBytes?: number;
}

/**
 * A validating proxy: forwards each request to the upstream with the caller's own token, judges the request and
 * the answer with the contract suite's checks, and reports violations in a header and the log without touching
 * the answer, unless `errors` asks for a violating answer to be replaced by an envelope error.
 */
export function proxyAnswers(api: ApiDescription, options: ProxyOptions): AnswerSource {
  const { judge } = suiteSetup(api);
  const base = displayUrl(options.upstream).replace(/\/$/, '');
  // --proxy's own query (a signed form's parameters, say) goes with every request, ahead of the caller's, byte for
  // byte; its secrets are scrubbed like the caller's.
  const upstream = URL.canParse(options.upstream) ? new URL(options.upstream) : undefined;
  if (upstream === undefined || !/^https?:$/.test(upstream.protocol))
    throw new FakeServerOptionsError(
      "The proxy's upstream must be an http(s) URL such as https://openapi.fastmoss.com: the value given is not (not shown: a URL may carry credentials).",
    );
  const upstreamQuery = upstream.search.slice(1);
  const upstreamSecrets = urlSecrets(options.upstream);
  const forwardedPath = (path: string): string =>
    upstreamQuery === '' ? path : path.includes('?') ? path.replace('?', `?${upstreamQuery}&`) : `${path}?${upstreamQuery}`;
  return {
    ownsAuth: true,
    answer: async (request, context) => {
      // The caller's credentials (its Authorization value, whatever its scheme; its URL's query secrets) are
      // forwarded, never shown: scrubbed from everything the proxy says, wherever the upstream echoes them.
      const { shown, secrets } = redactRequest<ExchangeRequest>({
        method: request.method,
        path: request.path,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const scrub = createScrub([...secrets, ...upstreamSecrets]);
      let sent: Awaited<ReturnType<typeof sendExchange>>;
      try {
        sent = await sendExchange(
          {
            url: `${base}${forwardedPath(request.path)}`,
            method: request.method,
            headers: request.headers,
            ...(request.rawBody === undefined ? {} : { body: request.rawBody }),
            shown,
          },
          { target: base, timeoutMs: options.timeoutMs, maxBodyBytes: options.maxBodyBytes, fetch: options.fetch },
        );
      } catch (error) {
        if (error instanceof AnswerTooLarge) {
          options.log(logLine(`proxy: ${request.method} ${shown.path} -> ${error.status}: ${error.message}, not passed on`));
          return envelope(
            context,
            `Upstream ${base} answered more than ${describeBytes(error.limitBytes)} (counted decoded), the proxy's limit: the answer is not passed on. Raise --max-body-mb if it is genuine.`,
          );
        }
        return envelope(
          context,
          `Upstream ${base} did not answer: ${scrub((error as ExchangeFailed).why)}. Check --proxy and that the upstream is up.`,
        );
      }
      const { exchange, rawBody } = sent;
      const { status } = exchange.response;
      const judgement = judge(exchange);
      const violations = judgement.observations.filter((o) => SEVERITY[o.kind] !== 'info');
      for (const violation of violations)
        options.log(logLine(scrub(`proxy: ${request.method} ${shown.path} -> ${status}: ${describe(violation)}`)));
      options.onExchange?.(scrubbedCopy(exchange, scrub), scrubbedCopy(violations, scrub), secrets, judgement.requestValid);
      const passed: Record<string, string> = { ...exchange.response.headers };
      if (violations.length > 0) {
        passed[VIOLATIONS_HEADER] = headerValue(scrub(violations.map((v) => `${v.path} ${v.kind}`).join('; ')), 2000);
        if (options.errors) {
          return envelope(context, `Upstream answer violates the spec: ${scrub(violations.slice(0, 3).map(describe).join('; '))}.`, passed);
        }
      }
      return { status, headers: passed, body: rawBody, source: 'proxy' };
    },
  };
}

/** A 40001 of the fake's own, in place of the upstream's answer. */
function envelope(context: SourceContext, message: string, headers: Record<string, string> = {}) {
  const { status, body } = context.renderError('serviceError', message);
  return { status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, body, source: 'proxy' };
}
