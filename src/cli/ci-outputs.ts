import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ContractSetupError } from '../contract/contract-errors.js';
import { githubAnnotations, noVerdictAnnotation, noVerdictSummary, stepSummary } from '../contract/github-actions.js';
import { renderJunit, renderJunitError } from '../contract/junit.js';
import type { ContractReport } from '../contract/report.js';
import { renderMarkdown } from '../contract/report-md.js';
import type { Scrub } from '../contract/scrub.js';
import { replaceFile } from '../contract/write-file.js';
import { clipWords } from '../clip-words.js';
import { logLine } from '../text-escape.js';
import type { CliIo } from './io.js';

/**
 * What `contract` gives the CI system it runs in, beside TAP and the drift report: `--junit FILE`; with
 * GITHUB_STEP_SUMMARY set, the report's markdown appended to the job summary; with GITHUB_ACTIONS=true, an annotation
 * per breaking or additive finding on stderr. Returns the files written. A JUnit file that cannot be written is an
 * error (exit 2); a job summary that cannot be is a warning (the report is still in drift.md).
 */
export async function writeCiOutputs(
  report: ContractReport,
  options: { readonly junit?: string | undefined; readonly io: CliIo; readonly scrub: Scrub },
): Promise<string[]> {
  const { junit, io, scrub } = options;
  const path = junit === undefined ? undefined : resolve(junit);
  if (path !== undefined)
    await writeJunit(path, renderJunit(report, scrub)).catch((error: unknown) => {
      throw new ContractSetupError(
        `Failed to write the JUnit report to ${path}: ${(error as Error).message}. Pass --junit a file in a writable directory.`,
      );
    });
  const summary = io.env['GITHUB_STEP_SUMMARY'];
  if (summary) {
    await appendFile(summary, stepSummary(scrub(renderMarkdown(report)))).catch((error: unknown) =>
      io.stderr(
        `${logLine(`contract: could not append the report to GITHUB_STEP_SUMMARY (${summary}): ${(error as Error).message}. The report is still in drift.md.`)}\n`,
      ),
    );
  }
  if (io.env['GITHUB_ACTIONS'] === 'true') io.stderr(githubAnnotations(report, scrub));
  return path === undefined ? [] : [path];
}

const writeJunit = async (path: string, xml: string): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  await replaceFile(path, xml);
};

/** The longest cause written to the CI outputs of a run without a verdict: a whole sentence or two, cut at a word. */
export const MAX_CAUSE_LENGTH = 4_000;

/**
 * What `contract` gives the CI system when it ends without a verdict (exit 2, or 3 for a bug in the kit), so that the
 * failed step says why: the JUnit file (`--junit`) with one testcase in error naming the cause, and in GitHub Actions
 * an `::error` annotation and the cause appended to the job summary. Never throws: an output that cannot be written is
 * a warning on stderr, and the exit code stays the cause's.
 */
export async function writeNoVerdictOutputs(
  error: Error,
  options: { readonly junit?: string | undefined; readonly io: CliIo; readonly scrub: Scrub; readonly at: Date },
): Promise<void> {
  const { junit, io, scrub, at } = options;
  const message = clipWords(scrub(error.message), MAX_CAUSE_LENGTH);
  const warn = (what: string, path: string, failure: unknown): void =>
    io.stderr(logLine(`contract: could not write ${what} to ${path}: ${(failure as Error).message}.`) + '\n');
  if (junit !== undefined) {
    const path = resolve(junit);
    await writeJunit(path, renderJunitError({ type: error.name, message }, at)).catch((failure: unknown) =>
      warn('the JUnit report', path, failure),
    );
  }
  const summary = io.env['GITHUB_STEP_SUMMARY'];
  if (summary) {
    await appendFile(summary, noVerdictSummary(message)).catch((failure: unknown) =>
      warn('the job summary (GITHUB_STEP_SUMMARY)', summary, failure),
    );
  }
  if (io.env['GITHUB_ACTIONS'] === 'true') io.stderr(noVerdictAnnotation(message));
}
