import type { ContractTiming } from './contract-hook.js';
import type { LoadRun } from './load.js';
import type { GitInfo, MachineInfo } from './machine.js';
import type { ServerId } from './servers.js';
import type { StartupResult } from './startup.js';

/** Shape of bench/results.json. Bump `schemaVersion` when it changes incompatibly. */
export interface BenchResults {
  readonly schemaVersion: 1;
  readonly generatedAt: string;
  readonly git: GitInfo | undefined;
  readonly machine: MachineInfo;
  /** Versions of what was measured and of the load generator, from their package.json files. */
  readonly versions: Readonly<Record<string, string>>;
  readonly config: BenchConfig;
  readonly servers: readonly ServerReport[];
  readonly load: readonly LoadSummary[];
  readonly startup: Readonly<Partial<Record<ServerId, StartupResult>>>;
  readonly ratios: readonly Ratio[];
  readonly targets: readonly TargetVerdict[];
  readonly contract: ContractTiming;
  readonly totalWallSec: number;
}

export interface BenchConfig {
  readonly durationSec: number;
  readonly rounds: number;
  readonly warmupSec: number;
  readonly connections: readonly number[];
  readonly servers: readonly ServerId[];
  readonly startupRuns: number;
  readonly mix: { readonly total: number; readonly valid: number; readonly invalid: number };
  readonly limitBodyBytes: number;
}

/** What one server answers to each entry of the mix, asked once before the load (sizes are body bytes). */
export interface MixAnswer {
  readonly name: string;
  readonly status: number;
  readonly bodyBytes: number;
}

export interface ServerReport {
  readonly id: ServerId;
  readonly label: string;
  readonly command: string;
  readonly answers: readonly MixAnswer[];
  /** The first characters of its answer to the vendor's example request (the start-up probe). */
  readonly sample: string;
  /** Kernel's high-water mark of the process's RSS over its whole life (load and warm-up included), MB. */
  readonly lifetimePeakRssMB: number | undefined;
}

export interface LoadSummary {
  readonly server: ServerId;
  readonly connections: number;
  readonly rounds: readonly LoadRun[];
  readonly median: {
    readonly requestsPerSec: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    /** Largest latency seen in any round (not a median). */
    readonly maxMs: number;
    readonly serverCpuPct: number | undefined;
    readonly meanResponseBytes: number;
  };
  /** All rounds' answers over all rounds' time: the rate to use when a round holds too few answers for its own. */
  readonly pooledRequestsPerSec: number;
  /** Fewest answers in one round. */
  readonly fewestResponses: number;
  /** Rounds after which the server did not go quiet within the limit and was restarted. */
  readonly restarts: number;
  /** Summed over the rounds. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly responses: number;
  /** Largest RSS sampled in any round, MB. */
  readonly peakRssMB: number | undefined;
}

export interface Ratio {
  readonly name: string;
  readonly connections: number;
  /** The ratio the targets use (see `method`). */
  readonly value: number;
  /**
   * `paired`: the median over rounds of (fake req/s / other req/s) within the same round, which cancels drift between
   * rounds; `pooled`: total answers over total time for both, used when the other server answers too few requests in a
   * round (under 100) for a per-round rate to mean anything.
   */
  readonly method: 'paired' | 'pooled';
  /** Median fake req/s over median other req/s, for comparison. */
  readonly ofMedians: number | undefined;
  readonly perRound: readonly number[];
}

export interface TargetVerdict {
  readonly id: string;
  readonly description: string;
  readonly measured: string;
  /** undefined when the run did not measure what the target needs (e.g. --only without prism). */
  readonly met: boolean | undefined;
}
