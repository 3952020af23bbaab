import { existsSync, readFileSync } from 'node:fs';

/** What `npm run soak` (scripts/soak.ts) writes to bench/soak.json. */
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

export const SOAK_FILE = 'bench/soak.json';

/** The last soak's summary, if one was recorded. */
export function readSoak(path: string = SOAK_FILE): SoakSummary | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SoakSummary) : undefined;
}

/** RESULTS.md's soak section, from bench/soak.json (so a bench run and a soak run each keep the other's figures). */
export function renderSoak(soak: SoakSummary | undefined): string[] {
  const head = ['## Soak (`npm run soak`, issue 6)', ''];
  if (soak === undefined) return [...head, 'No soak recorded yet: run `npm run soak`.', ''];
  const mb = (value: number): string => value.toFixed(0);
  const bad = Object.entries(soak.statusCodes).filter(([status]) => !status.startsWith('2'));
  return [
    ...head,
    `${soak.seconds} s at ${soak.connections} connections of mixed traffic (nine valid bodies, one invalid) against \`node dist/cli.js serve\`, ` +
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
