import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, release, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemoryMB: number;
  readonly node: string;
  readonly platform: string;
  readonly kernel: string;
  /** Load averages (1, 5, 15 min) when the run started: a busy shared machine shows here. */
  readonly loadAverageAtStart: readonly number[];
}

export function describeMachine(loadAverage: readonly number[]): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    kernel: release(),
    loadAverageAtStart: loadAverage.map((value) => Math.round(value * 100) / 100),
  };
}

/** The measuring scripts' committed record: rewriting it does not make the code under test dirty. */
const RESULT_FILES = ['bench/RESULTS.md'];

/** Installed versions of some packages (from node_modules), "unknown" when a package cannot be read. */
export function packageVersions(root: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      try {
        const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
        return [name, manifest.version ?? 'unknown'];
      } catch {
        return [name, 'unknown'];
      }
    }),
  );
}

export interface GitInfo {
  readonly commit: string;
  /** True when the working tree had changes (the results then do not describe a commit exactly). */
  readonly dirty: boolean;
}

export function describeGit(cwd: string): GitInfo | undefined {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const status = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=no', '--', '.', ...RESULT_FILES.map((file) => `:!${file}`)],
      {
        cwd,
        encoding: 'utf8',
      },
    ).trim();
    return { commit, dirty: status !== '' };
  } catch {
    return undefined;
  }
}
