import type { AttackTally } from './attack-clients.js';
import type { KeepAliveTally } from './keep-alive-client.js';
import type { NormalClientRun } from './normal-client.js';

/** One attack against a freshly started fake, with a normal client alongside. */
export interface AttackResult {
  readonly id: string;
  readonly description: string;
  /** serve's flags beyond --port and --now. */
  readonly serverFlags: readonly string[];
  readonly seconds: number;
  /** RSS after start-up and a warm-up of the normal client: the runtime's baseline. */
  readonly baselineRssMb: number;
  /** Largest RSS sampled (every 100 ms) during the attack. */
  readonly peakRssMb: number;
  /** baseline + --max-memory: what the peak must stay under. */
  readonly limitRssMb: number;
  readonly attacker: AttackTally;
  readonly normal: NormalClientRun | undefined;
}

/** SIGTERM sent while kept-alive clients load the fake. */
export interface DrainResult {
  readonly connections: number;
  /** Prefer: latency= of every request (0: none). */
  readonly latencyMs: number;
  readonly exitCode: number | null;
  /** From SIGTERM to the process's exit. */
  readonly exitMs: number;
  readonly tally: KeepAliveTally;
}

export interface HostileSummary {
  readonly when: string;
  readonly commit?: string;
  readonly maxMemoryMb: number;
  readonly attacks: readonly AttackResult[];
  readonly drains: readonly DrainResult[];
}

/** The normal client's p99 must stay under this while another client walks through seeds or periods. */
export const WALK_P99_MS = 20;
/** The attacks that walk through seeds or periods. */
export const WALKS: readonly string[] = ['seeds', 'days', 'months', 'months-full'];

export const withinCeiling = (attack: AttackResult): boolean => attack.peakRssMb <= attack.limitRssMb;
export const drainPassed = (drain: DrainResult): boolean => drain.tally.lost === 0 && drain.exitCode === 0;
export const walkPassed = (attack: AttackResult): boolean =>
  !WALKS.includes(attack.id) || (attack.normal !== undefined && attack.normal.p99Ms < WALK_P99_MS);

/** Whether every target was met: each peak under its ceiling, the seed walk's p99, every drain without loss and exit 0. */
export function hostileTargetsMet(summary: HostileSummary): boolean {
  return summary.attacks.every((attack) => withinCeiling(attack) && walkPassed(attack)) && summary.drains.every(drainPassed);
}

const counts = (statuses: Readonly<Record<string, number>>): string =>
  Object.entries(statuses)
    .map(([status, n]) => `${status}: ${n.toLocaleString('en-US')}`)
    .join(', ') || 'none';

/** RESULTS.md's hostile-load section. */
export function renderHostile(summary: HostileSummary): string[] {
  const head = ['## Hostile load (`npm run soak -- --hostile`, issue 13)', ''];
  const attackRows = summary.attacks.map((attack) => {
    const { attacker, normal } = attack;
    const extra = [
      attacker.errors > 0 ? `${attacker.errors.toLocaleString('en-US')} errors` : '',
      attacker.dropped ? `${attacker.dropped.toLocaleString('en-US')} closed at the cap` : '',
      attacker.peakOpen ? `peak ${attacker.peakOpen} open` : '',
    ]
      .filter((part) => part !== '')
      .join('; ');
    const normalCell = normal === undefined ? 'n/a' : `${normal.p50Ms} / ${normal.p99Ms} / ${normal.maxMs}`;
    const normalAnswers =
      normal === undefined ? 'n/a' : `${counts(normal.statuses)}${normal.errors > 0 ? `; ${normal.errors} errors` : ''}`;
    return (
      `| ${attack.id} | ${attack.description}${attack.serverFlags.length > 0 ? ` (\`${attack.serverFlags.join(' ')}\`)` : ''} | ` +
      `${attacker.requests.toLocaleString('en-US')}: ${counts(attacker.statuses)}${extra ? `; ${extra}` : ''} | ` +
      `${attack.baselineRssMb.toFixed(0)} -> ${attack.peakRssMb.toFixed(0)} | ${attack.limitRssMb.toFixed(0)}${withinCeiling(attack) ? '' : ' **over**'} | ${normalCell} | ${normalAnswers} |`
    );
  });
  const drainRows = summary.drains.map((drain) => {
    const { tally } = drain;
    const answered = Object.values(tally.statuses).reduce((a, b) => a + b, 0);
    return (
      `| ${drain.connections} | ${drain.latencyMs > 0 ? `latency=${drain.latencyMs}` : 'none'} | ${tally.sent.toLocaleString('en-US')} | ` +
      `${answered.toLocaleString('en-US')} (${counts(tally.statuses)}) | ${tally.answeredWithClose} | ${tally.lost} | ${tally.refused} | ${String(drain.exitCode)} | ${drain.exitMs} |`
    );
  });
  const met = hostileTargetsMet(summary);
  return [
    ...head,
    `${summary.when}${summary.commit ? `, commit \`${summary.commit.slice(0, 12)}\`` : ''}; \`node dist/cli.js serve\` with the default ceiling ` +
      `(--max-memory ${summary.maxMemoryMb}, --max-connections 512), a fresh process per attack. Each attack ran ${summary.attacks[0]?.seconds ?? 0} s ` +
      "beside a normal client in a process of its own (the bench's 36 valid bodies, 100 requests/s over 2 kept-alive connections, warm caches). " +
      'Baseline is the RSS after start-up and a 3 s warm-up of the normal client; the peak is sampled every 100 ms; the limit is the baseline plus the ceiling.',
    '',
    "| attack | what the attacker sent | attacker's requests: answers | RSS MB baseline -> peak | limit MB | normal client p50 / p99 / max ms | normal client's answers |",
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
    ...attackRows,
    '',
    "The attacker's 429s (30003) in seeds and months are the bound on new seeds (4 at once, then 1 a second, server-wide); its 408s are " +
      'requests cut at the 10 s limit; "closed at the cap" are connections past --max-connections, closed before anything was read.',
    '',
    `Drain: kept-alive clients send request after request (the vendor example body); SIGTERM after 3 s. Lost = a request written and never answered ` +
      '(reset or closed first); refused = a new connection refused after the server stopped accepting (nothing was sent).',
    '',
    '| connections | Prefer | requests sent | answered | with Connection: close | lost | refused | exit code | exit after SIGTERM ms |',
    '| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...drainRows,
    '',
    `Targets: every peak under its limit; the normal client's p99 under ${WALK_P99_MS} ms beside each walk (${WALKS.join(', ')}); every drain with 0 lost and exit 0: **${met ? 'met' : 'not met'}**.`,
    '',
  ];
}
