import type { Finding } from './findings.js';
import { tapDescription, yamlString } from '../text-escape.js';
import type { EvidenceReport } from './evidence.js';
import { skipText, type SkippedCase } from './planner.js';
import { coverageLine, placeholderWarning, type CaseReport, type ContractReport, type Verdict } from './report.js';

/** TAP 14 for CI, written one case at a time: a test point per case, findings as YAML diagnostics. */

export function tapHeader(target: string, label: string | undefined, budget: number): string {
  const shown = Number.isFinite(budget) ? `${budget} requests` : 'unlimited';
  return `TAP version 14\n# fastmoss-kit contract: ${tapDescription(`${target}${label === undefined ? '' : ` (${label})`}`)}, budget ${shown}\n`;
}

function yaml(findings: readonly Finding[], seenAgain: readonly string[]): string {
  const lines = ['  ---', ...(findings.length === 0 ? [] : ['  findings:'])];
  for (const finding of findings) {
    lines.push(
      `    - id: ${yamlString(finding.id)}`,
      `      status: ${finding.status}`,
      `      kind: ${finding.kind}`,
      `      severity: ${finding.severity}`,
      `      path: ${yamlString(finding.path)}`,
    );
    if (finding.rule !== undefined) lines.push(`      rule: ${yamlString(finding.rule)}`);
    lines.push(
      `      expected: ${yamlString(finding.expected)}`,
      `      observed: ${yamlString(finding.observed)}`,
      `      count: ${finding.count}`,
    );
    if (finding.accepted !== undefined)
      lines.push(`      accepted: ${yamlString(`${finding.accepted.accepted_on}: ${finding.accepted.reason}`)}`);
  }
  if (seenAgain.length > 0) lines.push('  seen_again:', ...seenAgain.map((id) => `    - ${yamlString(id)}`));
  lines.push('  ...');
  return `${lines.join('\n')}\n`;
}

/** A case fails (`not ok`) only on new findings at the fail-on threshold: the runner's outcome says so, accepted ones never count. */
export function tapCase(number: number, report: CaseReport): string {
  const name = tapDescription(report.name);
  const directive = report.outcome === 'inconclusive' ? ` # SKIP inconclusive: ${tapDescription(report.note ?? '')}` : '';
  const line = `${report.outcome === 'failed' ? 'not ok' : 'ok'} ${number} - ${name}${directive}\n`;
  const seenAgain = report.seen_again ?? [];
  return report.findings.length + seenAgain.length > 0 ? line + yaml(report.findings, seenAgain) : line;
}

export function tapSkipped(number: number, skip: SkippedCase): string {
  return `ok ${number} - ${tapDescription(skip.name)} # SKIP not run: ${tapDescription(skipText(skip))}\n`;
}

/** The test point a run that judged too little ends with, so that a TAP consumer fails it too. */
export function tapEvidence(number: number, evidence: EvidenceReport): string {
  return `not ok ${number} - enough was judged for a verdict\n  ---\n  inconclusive: ${yamlString(evidence.why ?? '')}\n  ...\n`;
}

const VERDICT: Readonly<Record<Verdict, string>> = {
  holds: 'the spec holds',
  drift: 'DRIFT',
  inconclusive: 'INCONCLUSIVE, too little judged for a verdict',
};

export function tapFooter(report: ContractReport, tests: number): string {
  const { breaking, additive, info, cases } = report.summary;
  const verdict = VERDICT[report.verdict];
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
  const placeholders = placeholderWarning(report.baseline);
  if (placeholders !== undefined) lines.push(`# warning: ${tapDescription(placeholders)}`);
  if (report.evidence.why !== null) lines.push(`# ${tapDescription(report.evidence.why)}`);
  if (report.coverage !== undefined) lines.push(`# coverage: ${tapDescription(coverageLine(report.coverage))}`);
  lines.push(`# ${report.requests_sent} request(s) in ${(report.duration_ms / 1000).toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}
