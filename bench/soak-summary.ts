/** What `npm run soak` (scripts/mixed-soak.ts) measures: soak.json in its output directory, and its RESULTS.md section. */
export interface SoakSummary {
  readonly when: string;
  readonly commit?: string;
  readonly seconds: number;
  readonly connections: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyP99Ms: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, { readonly count: number }>>;
  readonly rss: readonly { readonly at: string; readonly rssMb: number }[];
  readonly rssGrowthAfterWarmup: number;
  readonly targetMet: boolean;
}

/** RESULTS.md's soak section. */
export function renderSoak(soak: SoakSummary): string[] {
  const head = ['## Soak (`npm run soak`, issue 6)', ''];
  const mb = (value: number): string => value.toFixed(0);
  const bad = Object.entries(soak.statusCodes).filter(([status]) => !status.startsWith('2'));
  return [
    ...head,
    `${soak.seconds} s at ${soak.connections} connections of the bench's request mix (36 valid bodies, 4 invalid) against \`node dist/cli.js serve\`, ` +
      `${soak.when}${soak.commit ? `, commit \`${soak.commit.slice(0, 12)}\`` : ''}.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| requests | ${soak.requests.toLocaleString('en-US')} (${Math.round(soak.requestsPerSecond).toLocaleString('en-US')}/s) |`,
    `| p99 latency | ${soak.latencyP99Ms} ms |`,
    `| errors | ${soak.errors} |`,
    `| timeouts | ${soak.timeouts} |`,
    `| non-2xx | ${soak.non2xx.toLocaleString('en-US')} (${bad.map(([status, { count }]) => `${status}: ${count.toLocaleString('en-US')}`).join(', ') || 'none'}; the invalid tenth of the mix) |`,
    `| RSS ${soak.rss.map((sample) => sample.at).join(' / ')} | ${soak.rss.map((sample) => mb(sample.rssMb)).join(' / ')} MB |`,
    `| RSS growth after warm-up | ${(soak.rssGrowthAfterWarmup * 100).toFixed(1)}% |`,
    '',
    `Target: zero errors and timeouts, RSS growth under 10% after warm-up: **${soak.targetMet ? 'met' : 'not met'}**.`,
    '',
  ];
}
