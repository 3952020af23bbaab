import { showValue } from '../openapi/describe-ajv-error.js';
import type { BaselineEntry } from './baseline.js';
import type { Finding, Severity } from './findings.js';
import { coverageLine, type ContractReport, type CoverageReport } from './report.js';

const TITLES: Readonly<Record<Severity, string>> = {
  breaking: 'Breaking: code written against the spec can fail',
  additive: 'Additive: the target does or sends more than the spec says (update the spec)',
  info: 'Info: worth knowing, not drift',
};

const code = (text: string): string => `\`${text.replaceAll('`', "'")}\``;

function finding(f: Finding): string {
  const lines = [`### ${f.kind} at ${code(f.path)}${f.rule === undefined ? '' : ` (${f.rule})`}${f.count > 1 ? ` x${f.count}` : ''}`, ''];
  lines.push(`- Id: ${code(f.id)}`);
  if (f.accepted !== undefined) lines.push(`- Accepted on ${f.accepted.accepted_on}: ${f.accepted.reason}`);
  lines.push(`- Expected: ${f.expected}`, `- Observed: ${f.observed}`);
  if (f.example !== undefined) lines.push(`- First seen at: ${code(f.example)}`);
  if (f.request !== undefined) {
    const body = f.request.body === undefined ? 'no body' : showValue(f.request.body);
    const auth = f.request.headers?.['authorization'];
    lines.push(
      `- Request: ${code(`${f.request.method} ${f.request.path} ${body}`)}${auth === undefined ? ', no Authorization header' : `, Authorization ${code(auth)}`}`,
    );
  }
  lines.push(`- Case: ${f.case}`, '');
  return lines.join('\n');
}

const entry = (e: BaselineEntry): string =>
  `- ${code(e.id)}: accepted on ${e.accepted_on} (${e.reason})${e.case === undefined ? '' : `; shown by: ${e.case}`}`;

function coverage(c: CoverageReport): string[] {
  const oldest = c.oldest_check === null ? 'none yet' : `${c.oldest_check.checked_at} (${c.oldest_check.case})`;
  const lines = [
    `## Coverage over time (state file ${code(c.state_file)})`,
    '',
    `- Checked this run: ${c.checked_this_run} of ${c.cases} cases against ${c.target}`,
    `- Oldest check: ${oldest}`,
    `- Never checked against this target: ${c.never_checked.length}`,
    '',
  ];
  if (c.never_checked.length > 0) lines.push(...c.never_checked.map((name) => `  - ${name}`), '');
  return lines;
}

/**
 * The human summary: its first lines say whether the spec still holds; then the new findings by severity; then, with
 * a baseline, the accepted findings, the resolved entries and those not checked; then coverage over time.
 */
export function renderMarkdown(report: ContractReport): string {
  const { breaking, additive, info, cases } = report.summary;
  const target = `${report.target}${report.target_label === undefined ? '' : ` (${report.target_label})`}`;
  const baseline = report.baseline;
  const fresh = baseline === undefined ? '' : 'new ';
  const out: string[] = [];
  if (report.spec_holds) {
    out.push(
      '# Contract report: the spec still holds',
      '',
      `No ${fresh}${report.fail_on === 'additive' ? 'breaking or additive' : 'breaking'} drift found against ${target}.`,
    );
  } else {
    out.push(
      '# Contract report: DRIFT, the spec no longer holds',
      '',
      `Drift found against ${target}: ${breaking} breaking, ${additive} additive ${fresh}finding(s).`,
    );
  }
  out.push(
    '',
    `- Mode: ${report.mode}; spec ${report.spec.title} ${report.spec.version}`,
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
  }
  if (report.coverage !== undefined) out.push(`- Coverage (state file): ${coverageLine(report.coverage)}`);
  if (report.stopped !== undefined) out.push(`- Stopped early (${report.stopped.reason}): ${report.stopped.detail}`);
  out.push('');
  for (const severity of ['breaking', 'additive', 'info'] as const) {
    const group = report.findings.filter((f) => f.status === 'new' && f.severity === severity);
    if (group.length === 0) continue;
    out.push(`## ${baseline === undefined ? '' : 'New, '}${TITLES[severity]} (${group.length})`, '', ...group.map(finding));
  }
  const accepted = report.findings.filter((f) => f.status === 'accepted');
  if (accepted.length > 0) {
    out.push(`## Accepted: in the baseline, not failing the run (${accepted.length})`, '', ...accepted.map(finding));
  }
  if (baseline !== undefined && baseline.resolved.length > 0) {
    out.push(
      `## Resolved: in the baseline, no longer seen; remove these entries (${baseline.resolved.length})`,
      '',
      ...baseline.resolved.map(entry),
      '',
    );
  }
  if (baseline !== undefined && baseline.not_checked.length > 0) {
    out.push(
      `## Not checked this run: in the baseline, what showed them did not run (${baseline.not_checked.length})`,
      '',
      ...baseline.not_checked.map(entry),
      '',
    );
  }
  const inconclusive = report.cases.filter((c) => c.outcome === 'inconclusive');
  if (inconclusive.length > 0) {
    out.push(
      `## Inconclusive: nothing to judge (${inconclusive.length})`,
      '',
      ...inconclusive.map((c) => `- ${c.name}: ${c.note ?? ''}`),
      '',
    );
  }
  if (report.skipped.length > 0) {
    out.push(`## Skipped: not run (${report.skipped.length})`, '', ...report.skipped.map((s) => `- ${s.name}: ${s.reason}`), '');
  }
  if (report.coverage !== undefined) out.push(...coverage(report.coverage));
  return `${out.join('\n').trimEnd()}\n`;
}
