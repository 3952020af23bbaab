import { showValue } from '../openapi/describe-ajv-error.js';
import type { Finding, Severity } from './findings.js';
import type { ContractReport } from './report.js';

const TITLES: Readonly<Record<Severity, string>> = {
  breaking: 'Breaking: code written against the spec can fail',
  additive: 'Additive: the target does or sends more than the spec says (update the spec)',
  info: 'Info: worth knowing, not drift',
};

const code = (text: string): string => `\`${text.replaceAll('`', "'")}\``;

function finding(f: Finding): string {
  const lines = [`### ${f.kind} at ${code(f.path)}${f.rule === undefined ? '' : ` (${f.rule})`}${f.count > 1 ? ` x${f.count}` : ''}`, ''];
  lines.push(`- Expected: ${f.expected}`, `- Observed: ${f.observed}`);
  if (f.example !== undefined) lines.push(`- First seen at: ${code(f.example)}`);
  if (f.request !== undefined) {
    const body = f.request.body === undefined ? 'no body' : showValue(f.request.body);
    const auth = f.request.headers?.['authorization'];
    lines.push(`- Request: ${code(`${f.request.method} ${f.request.path} ${body}`)}${auth === undefined ? ', no Authorization header' : `, Authorization ${code(auth)}`}`);
  }
  lines.push(`- Case: ${f.case}`, '');
  return lines.join('\n');
}

/** The human summary: its first lines say whether the spec still holds; then findings by severity. */
export function renderMarkdown(report: ContractReport): string {
  const { breaking, additive, info, cases } = report.summary;
  const target = `${report.target}${report.target_label === undefined ? '' : ` (${report.target_label})`}`;
  const out: string[] = [];
  if (report.spec_holds) {
    out.push('# Contract report: the spec still holds', '', `No ${report.fail_on === 'additive' ? 'breaking or additive' : 'breaking'} drift found against ${target}.`);
  } else {
    out.push('# Contract report: DRIFT, the spec no longer holds', '', `Drift found against ${target}: ${breaking} breaking, ${additive} additive finding(s).`);
  }
  out.push(
    '',
    `- Mode: ${report.mode}; spec ${report.spec.title} ${report.spec.version}`,
    `- Started: ${report.started_at}; duration ${(report.duration_ms / 1000).toFixed(2)} s`,
    `- Requests sent: ${report.requests_sent} (budget ${report.budget})`,
    `- Fails on: ${report.fail_on}`,
    `- Cases: ${cases.passed} passed, ${cases.failed} failed, ${cases.inconclusive} inconclusive, ${cases.skipped} skipped; findings: ${breaking} breaking, ${additive} additive, ${info} info`,
  );
  if (report.stopped !== undefined) out.push(`- Stopped early (${report.stopped.reason}): ${report.stopped.detail}`);
  out.push('');
  for (const severity of ['breaking', 'additive', 'info'] as const) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`## ${TITLES[severity]} (${group.length})`, '', ...group.map(finding));
  }
  const inconclusive = report.cases.filter((c) => c.outcome === 'inconclusive');
  if (inconclusive.length > 0) {
    out.push(`## Inconclusive: nothing to judge (${inconclusive.length})`, '', ...inconclusive.map((c) => `- ${c.name}: ${c.note ?? ''}`), '');
  }
  if (report.skipped.length > 0) {
    out.push(`## Skipped: not run (${report.skipped.length})`, '', ...report.skipped.map((s) => `- ${s.name}: ${s.reason}`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
