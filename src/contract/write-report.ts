import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ContractSetupError } from './contract-errors.js';
import type { ContractReport } from './report.js';
import { renderMarkdown } from './report-md.js';
import type { Scrub } from './scrub.js';

/** Writes drift.json and drift.md into `dir` (created if missing), each scrubbed; returns their paths. */
export async function writeReport(dir: string, report: ContractReport, scrub: Scrub): Promise<string[]> {
  const target = resolve(dir);
  try {
    await mkdir(target, { recursive: true });
    const files: [string, string][] = [
      [join(target, 'drift.json'), `${JSON.stringify(report, null, 2)}\n`],
      [join(target, 'drift.md'), renderMarkdown(report)],
    ];
    for (const [path, text] of files) await writeFile(path, scrub(text));
    return files.map(([path]) => path);
  } catch (error) {
    throw new ContractSetupError(`Failed to write the drift report to ${target}: ${(error as Error).message}. Pass a writable --report-dir.`);
  }
}
