import type { Finding } from './findings.js';
import type { CaseReport, ContractReport } from './report.js';

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
    lines.push(`    - kind: ${finding.kind}`, `      severity: ${finding.severity}`, `      path: ${JSON.stringify(finding.path)}`);
    if (finding.rule !== undefined) lines.push(`      rule: ${JSON.stringify(finding.rule)}`);
    lines.push(`      expected: ${JSON.stringify(finding.expected)}`, `      observed: ${JSON.stringify(finding.observed)}`, `      count: ${finding.count}`);
  }
  lines.push('  ...');
  return `${lines.join('\n')}\n`;
}

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
  return (
    `1..${tests}\n` +
    `# ${verdict}: ${breaking} breaking, ${additive} additive, ${info} info finding(s); ` +
    `${cases.passed} passed, ${cases.failed} failed, ${cases.inconclusive} inconclusive, ${cases.skipped} skipped\n` +
    `# ${report.requests_sent} request(s) in ${(report.duration_ms / 1000).toFixed(2)} s\n`
  );
}
