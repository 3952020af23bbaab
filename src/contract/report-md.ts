import { showValue } from '../openapi/describe-ajv-error.js';
import { markdownCode as code, markdownText as text, terminalText } from '../text-escape.js';
import type { BaselineEntry } from './baseline.js';
import type { Finding, Severity } from './findings.js';
import { coverageLine, placeholderWarning, type ContractReport, type CoverageReport } from './report.js';

const TITLES: Readonly<Record<Severity, string>> = {
  breaking: 'Breaking: code written against the spec can fail',
  additive: 'Additive: the target does or sends more than the spec says (update the spec)',
  info: 'Info: worth knowing, not drift',
};

/** Items of one section shown in full; beyond, findings are counted by kind and other items only counted. */
export const MARKDOWN_ITEMS_CAP = 500;

function finding(f: Finding): string {
  const lines = [
    `### ${text(f.kind)} at ${code(f.path)}${f.rule === undefined ? '' : ` (${text(f.rule)})`}${f.count > 1 ? ` x${f.count}` : ''}`,
    '',
  ];
  lines.push(`- Id: ${code(f.id)}`);
  if (f.accepted !== undefined) lines.push(`- Accepted on ${text(f.accepted.accepted_on)}: ${text(f.accepted.reason)}`);
  lines.push(`- Expected: ${text(f.expected)}`, `- Observed: ${text(f.observed)}`);
  if (f.example !== undefined) lines.push(`- First seen at: ${code(f.example)}`);
  if (f.request !== undefined) {
    const body = f.request.body === undefined ? 'no body' : showValue(f.request.body);
    const auth = f.request.headers?.['authorization'];
    lines.push(
      `- Request: ${code(`${f.request.method} ${f.request.path} ${body}`)}${auth === undefined ? ', no Authorization header' : `, Authorization ${code(auth)}`}`,
    );
  }
  lines.push(`- Case: ${text(f.case)}`, '');
  return lines.join('\n');
}

const entry = (e: BaselineEntry): string =>
  `- ${code(e.id)}: accepted on ${text(e.accepted_on)} (${text(e.reason)})${e.case === undefined ? '' : `; shown by: ${text(e.case)}`}`;

/** Appends one line per item up to the cap, then says how many were left out: never more than the cap rendered. */
function capped<T>(out: string[], items: readonly T[], render: (item: T) => string, rest: (left: readonly T[]) => string[]): void {
  const shown = Math.min(items.length, MARKDOWN_ITEMS_CAP);
  for (let index = 0; index < shown; index++) out.push(render(items[index] as T));
  if (items.length > shown) for (const line of rest(items.slice(shown))) out.push(line);
}

/** Findings beyond the cap, counted by kind (most first): the whole list is in drift.json. */
function leftOutFindings(left: readonly Finding[]): string[] {
  const byKind = new Map<string, number>();
  for (const f of left) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const lines = [`${left.length} more finding(s) not shown here (every one is in drift.json), by kind:`, ''];
  for (const [kind, count] of [...byKind].sort((a, b) => b[1] - a[1])) lines.push(`- ${text(kind)}: ${count}`);
  lines.push('');
  return lines;
}

const leftOut = (left: readonly unknown[]): string[] => [`- ... and ${left.length} more, not shown here (see drift.json)`];

function coverage(out: string[], c: CoverageReport): void {
  const oldest = c.oldest_check === null ? 'none yet' : `${text(c.oldest_check.checked_at)} (${text(c.oldest_check.case)})`;
  out.push(
    `## Coverage over time (state file ${code(c.state_file)})`,
    '',
    `- Checked this run: ${c.checked_this_run} of ${c.cases} cases against ${terminalText(c.target)}`,
    `- Oldest check: ${oldest}`,
    `- Never checked against this target: ${c.never_checked.length}`,
    '',
  );
  if (c.never_checked.length > 0) {
    capped(out, c.never_checked, (name) => `  - ${text(name)}`, leftOut);
    out.push('');
  }
}

/**
 * The human summary: its first lines give the verdict (holds, drift, or inconclusive and why); then the new findings
 * by severity; then, with a baseline, the accepted findings, the resolved entries and those not checked; then
 * coverage over time. Every text from a target, a recording, a spec or a file is escaped (markdownText, markdownCode),
 * and each section shows at most MARKDOWN_ITEMS_CAP items, saying how many it left out: any number of findings renders.
 */
export function renderMarkdown(report: ContractReport): string {
  const { breaking, additive, info, cases } = report.summary;
  const spec = report.spec;
  // The caller's own URL or directory: one line, left as a link.
  const target = terminalText(`${report.target}${report.target_label === undefined ? '' : ` (${report.target_label})`}`);
  const baseline = report.baseline;
  const fresh = baseline === undefined ? '' : 'new ';
  const verdicts: Readonly<Record<ContractReport['verdict'], readonly [string, string]>> = {
    holds: [
      'the spec still holds',
      `No ${fresh}${report.fail_on === 'additive' ? 'breaking or additive' : 'breaking'} drift found against ${target}.`,
    ],
    drift: [
      'DRIFT, the spec no longer holds',
      `Drift found against ${target}: ${breaking} breaking, ${additive} additive ${fresh}finding(s).`,
    ],
    inconclusive: ['INCONCLUSIVE, too little was judged for a verdict', `No verdict on ${target}: ${text(report.evidence.why ?? '')}`],
  };
  const [heading, verdict] = verdicts[report.verdict];
  const out = [`# Contract report: ${heading}`, '', verdict, ''];
  out.push(
    `- Mode: ${report.mode}; spec ${text(`${spec.title} ${spec.version} (${spec.path ?? 'given as a document'}, sha256 ${spec.sha256})`)}`,
    `- Started: ${report.started_at}; duration ${(report.duration_ms / 1000).toFixed(2)} s`,
    `- Requests sent: ${report.requests_sent} (budget ${report.budget})`,
    `- Fails on: ${report.fail_on}`,
    `- Cases: ${cases.passed} passed, ${cases.failed} failed, ${cases.inconclusive} inconclusive, ${cases.skipped} skipped; ${fresh}findings: ${breaking} breaking, ${additive} additive, ${info} info`,
  );
  if (baseline !== undefined) {
    const source = baseline.file === undefined ? 'given as an option' : code(baseline.file);
    out.push(
      `- Baseline ${source}, ${baseline.entries} ${baseline.entries === 1 ? 'entry' : 'entries'}: ${report.summary.accepted} accepted finding(s) seen, ${report.summary.resolved} resolved, ${baseline.not_checked.length} not checked this run`,
    );
    const placeholders = placeholderWarning(baseline);
    if (placeholders !== undefined) out.push(`- **Warning**: ${text(placeholders)}`);
  }
  if (report.coverage !== undefined) out.push(`- Coverage (state file): ${terminalText(coverageLine(report.coverage))}`);
  if (report.stopped !== undefined) out.push(`- Stopped early (${report.stopped.reason}): ${text(report.stopped.detail)}`);
  out.push('');
  /** A heading with the count, then the items (capped); nothing when there are none. */
  const section = <T>(
    title: string,
    items: readonly T[],
    render: (item: T) => string,
    rest: (left: readonly T[]) => string[] = leftOut,
    after = [''],
  ): void => {
    if (items.length === 0) return;
    out.push(`## ${title} (${items.length})`, '');
    capped(out, items, render, rest);
    out.push(...after);
  };
  for (const severity of ['breaking', 'additive', 'info'] as const) {
    const group = report.findings.filter((f) => f.status === 'new' && f.severity === severity);
    section(`${baseline === undefined ? '' : 'New, '}${TITLES[severity]}`, group, finding, leftOutFindings, []);
  }
  const accepted = report.findings.filter((f) => f.status === 'accepted');
  section('Accepted: in the baseline, not failing the run', accepted, finding, leftOutFindings, []);
  section('Resolved: in the baseline, no longer seen; remove these entries', baseline?.resolved ?? [], entry);
  section('Not checked this run: in the baseline, what showed them did not run', baseline?.not_checked ?? [], entry);
  const inconclusive = report.cases.filter((c) => c.outcome === 'inconclusive');
  section('Inconclusive: nothing to judge', inconclusive, (c) => `- ${text(c.name)}: ${text(c.note ?? '')}`);
  if (report.skipped.length > 0) {
    out.push(`## Skipped: not run (${report.skipped.length})`, '');
    const byReason = new Map<string, number>();
    for (const s of report.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
    capped(out, [...byReason], ([reason, count]) => `- ${text(reason)}: ${count} ${count === 1 ? 'case' : 'cases'}`, leftOut);
    out.push('', 'Each skipped case is named in drift.json (`skipped`), TAP and JUnit.', '');
  }
  if (report.coverage !== undefined) coverage(out, report.coverage);
  return `${out.join('\n').trimEnd()}\n`;
}
