import type { Finding } from './findings.js';
import { placeholderWarning, type ContractReport } from './report.js';
import type { Scrub } from './scrub.js';
import { escapeCommandData, escapeCommandProperty, markdownText } from '../text-escape.js';

const command = (level: 'error' | 'warning' | 'notice', title: string, message: string): string =>
  `::${level} title=${escapeCommandProperty(title)}::${escapeCommandData(message)}\n`;

function annotation(finding: Finding, scrub: Scrub): string {
  const level = finding.status === 'accepted' ? 'notice' : finding.severity === 'breaking' ? 'error' : 'warning';
  const title = `${finding.status === 'accepted' ? 'Accepted contract drift' : 'Contract drift'} (${finding.severity}): ${finding.id}`;
  const request = finding.request === undefined ? '' : `; request ${finding.request.method} ${finding.request.path}`;
  const message =
    `expected ${finding.expected}, observed ${finding.observed}; seen ${finding.count} time(s)${finding.example === undefined ? '' : `, first at ${finding.example}`}` +
    `${request}; case: ${finding.case}. See drift.md for the request that showed it.`;
  return command(level, scrub(title), scrub(message));
}

/**
 * GitHub Actions workflow commands: one `::error` per new breaking and one `::warning` per new additive finding,
 * whatever the fail-on threshold; a finding the baseline accepts is a `::notice` (known, not alarming); info findings
 * make none. Scrubbed before escaping. Written to stderr by the CLI (the runner reads workflow commands from both
 * streams), so stdout stays pure TAP.
 */
export function githubAnnotations(report: ContractReport, scrub: Scrub = (text) => text): string {
  const placeholders = placeholderWarning(report.baseline);
  return (
    (report.evidence.why === null ? '' : command('error', 'Contract run inconclusive', scrub(report.evidence.why))) +
    (placeholders === undefined ? '' : command('warning', 'Baseline reason not written', scrub(placeholders))) +
    report.findings
      .filter((finding) => finding.severity !== 'info')
      .map((finding) => annotation(finding, scrub))
      .join('')
  );
}

/** GitHub refuses a job summary over 1 MiB; the markdown is cut, with a pointer to drift.md, well below it. */
export const STEP_SUMMARY_LIMIT = 1_000_000;

/** The report's markdown for GITHUB_STEP_SUMMARY, cut at a line when it would be too large. */
export function stepSummary(markdown: string): string {
  if (Buffer.byteLength(markdown) <= STEP_SUMMARY_LIMIT) return `${markdown}\n`;
  const head = Buffer.from(markdown)
    .subarray(0, STEP_SUMMARY_LIMIT - 200)
    .toString('utf8');
  const cut = head.slice(0, Math.max(0, head.lastIndexOf('\n')));
  return `${cut}\n\n_(cut here: the summary is limited to 1 MiB; the whole report is in drift.md)_\n`;
}

/** The title of a run that ended before its verdict (exit 2, or 3 for a bug in the kit), in its annotation and job summary. */
const NO_VERDICT_TITLE = 'Contract run ended without a verdict';

/** A run that ended without a verdict: one `::error` naming the cause. `message` must be scrubbed already. */
export const noVerdictAnnotation = (message: string): string => command('error', NO_VERDICT_TITLE, message);

/** A run that ended without a verdict: its job summary, a heading and the cause. `message` must be scrubbed already. */
export function noVerdictSummary(message: string): string {
  return `# ${NO_VERDICT_TITLE}\n\n${markdownText(message)}\n\n`;
}
