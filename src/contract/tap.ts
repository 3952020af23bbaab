import type { Finding } from './findings.js';
import { coverageLine, type CaseReport, type ContractReport } from './report.js';

/** TAP 14 for CI, written one case at a time: a test point per case, findings as YAML diagnostics. */

export function tapHeader(target: string, label: string | undefined, budget: number): string {
  const shown = Number.isFinite(budget) ? `${budget} requests` : 'unlimited';
  return `TAP version 14\n# fastmoss-kit contract: ${target}${label === undefined ? '' : ` (${label})`}, budget ${shown}\n`;
}

/** A TAP description is one line, and `#` would start a directive. */
const oneLine = (text: string): string => text.replace(/[\r\n#]+/g, ' ').replace(/\s+/g, ' ');

function yaml(findings: readonly Finding[]): string {
  const lines = ['  ---', '  findings:'];
  for (const finding of findings) {
    lines.push(
      `    - id: ${JSON.stringify(finding.id)}`,
      `      status: ${finding.status}`,
      `      kind: ${finding.kind}`,
      `      severity: ${finding.severity}`,
      `      path: ${JSON.stringify(finding.path)}`,
    );
    if (finding.rule !== undefined) lines.push(`      rule: ${JSON.stringify(finding.rule)}`);
    lines.push(
      `      expected: ${JSON.stringify(finding.expected)}`,
      `      observed: ${JSON.stringify(finding.observed)}`,
      `      count: ${finding.count}`,
    );
    if (finding.accepted !== undefined)
      lines.push(`      accepted: ${JSON.stringify(`${finding.accepted.accepted_on}: ${finding.accepted.reason}`)}`);
  }
  lines.push('  ...');
  return `${lines.join('\n')}\n`;
}

/** A case fails (`not ok`) only on new findings at the fail-on threshold: the runner's outcome says so, accepted ones never count. */
export function tapCase(number: number, report: CaseReport): string {
  const name = oneLine(report.name);
  const directive = report.outcome === 'inconclusive' ? ` # SKIP inconclusive: ${oneLine(report.note ?? '')}` : '';
  const line = `${report.outcome === 'failed' ? 'not ok' : 'ok'} ${number} - ${name}${directive}\n`;
  return report.findings.length > 0 ? line + yaml(report.findings) : line;
}

export function tapSkipped(number: number, name: string, reason: string): string {
  return `ok ${number} - ${oneLine(name)} # SKIP not run: ${oneLine(reason)}\n`;
}

export function tapFooter(report: ContractReport, tests: number): string {
  const { breaking, additive, info, cases } = report.summary;
  const verdict = report.spec_holds ? 'the spec holds' : 'DRIFT';
  const fresh = report.baseline === undefined ? '' : 'new ';
  const lines = [
    `1..${tests}`,
    `# ${verdict}: ${breaking} breaking, ${additive} additive, ${info} info ${fresh}finding(s); ` +
      `${cases.passed} passed, ${cases.failed} failed, ${cases.inconclusive} inconclusive, ${cases.skipped} skipped`,
  ];
  if (report.baseline !== undefined) {
    const { accepted, resolved } = report.summary;
    lines.push(
      `# baseline: ${accepted} accepted finding(s) seen, ${resolved} resolved, ${report.baseline.not_checked.length} not checked this run`,
    );
  }
  if (report.coverage !== undefined) lines.push(`# coverage: ${coverageLine(report.coverage)}`);
  lines.push(`# ${report.requests_sent} request(s) in ${(report.duration_ms / 1000).toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}
