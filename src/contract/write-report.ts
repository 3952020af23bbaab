import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ContractSetupError } from './contract-errors.js';
import type { ContractReport } from './report.js';
import { renderMarkdown } from './report-md.js';
import { scrubJson, type Scrub } from './scrub.js';
import { replaceFile } from './write-file.js';

/** Writes drift.json and drift.md into `dir` (created if missing), each scrubbed, never through a symlink; returns their paths. */
export async function writeReport(dir: string, report: ContractReport, scrub: Scrub): Promise<string[]> {
  const target = resolve(dir);
  try {
    await mkdir(target, { recursive: true });
    const files: [string, string][] = [
      // drift.json is scrubbed string by string (scrubJson), so it stays valid JSON whatever the secret.
      [join(target, 'drift.json'), scrubJson(report, scrub)],
      [join(target, 'drift.md'), scrub(renderMarkdown(report))],
    ];
    for (const [path, text] of files) await replaceFile(path, text);
    return files.map(([path]) => path);
  } catch (error) {
    throw new ContractSetupError(
      `Failed to write the drift report to ${target}: ${(error as Error).message}. Pass a writable --report-dir.`,
    );
  }
}
