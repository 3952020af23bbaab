import { failsRun, type Finding } from './findings.js';
import type { CaseReport, ContractReport } from './report.js';
import { skipText } from './planner.js';
import type { Scrub } from './scrub.js';
import { xmlAttribute, xmlText } from '../text-escape.js';

type Attributes = Readonly<Record<string, string | number | undefined>>;

function element(name: string, attributes: Attributes, children: readonly string[] | string | undefined, indent: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`)
    .join('');
  if (children === undefined || children.length === 0) return `${indent}<${name}${attrs}/>`;
  if (typeof children === 'string') return `${indent}<${name}${attrs}>${xmlText(children)}</${name}>`;
  return `${indent}<${name}${attrs}>\n${children.join('\n')}\n${indent}</${name}>`;
}

/** A finding as lines of text: what a CI system shows under the failed test. */
function findingText(finding: Finding): string {
  const lines = [
    `${finding.kind} (${finding.severity}, ${finding.status}) at ${finding.path}${finding.rule === undefined ? '' : `, rule ${finding.rule}`}`,
    `expected: ${finding.expected}`,
    `observed: ${finding.observed}`,
    `seen: ${finding.count} time(s)${finding.example === undefined ? '' : `, first at ${finding.example}`}`,
  ];
  if (finding.request !== undefined) {
    const { method, path, body, headers } = finding.request;
    lines.push(`request: ${method} ${path} ${body === undefined ? '(no body)' : JSON.stringify(body)}`);
    lines.push(`authorization: ${headers?.['authorization'] ?? '(none sent)'}`);
  }
  if (finding.accepted !== undefined) lines.push(`accepted on ${finding.accepted.accepted_on}: ${finding.accepted.reason}`);
  lines.push(`id: ${finding.id}`);
  return lines.join('\n');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function testcase(report: CaseReport, failOn: ContractReport['fail_on'], firstCase: ReadonlyMap<string, string>, scrub: Scrub): string {
  const attributes = { name: scrub(report.name), classname: `fastmoss-kit.contract.${report.category}` };
  const inner: string[] = [];
  if (report.outcome === 'inconclusive')
    inner.push(element('skipped', { message: scrub(`inconclusive: ${report.note ?? 'nothing to judge'}`) }, undefined, '      '));
  const [failing, other] = [report.findings.filter((f) => failsRun(f, failOn)), report.findings.filter((f) => !failsRun(f, failOn))];
  for (const finding of failing) {
    const message = scrub(`${finding.id}: expected ${finding.expected}, observed ${finding.observed}`);
    inner.push(element('failure', { message, type: finding.kind }, scrub(findingText(finding)), '      '));
  }
  // Findings that do not fail the run (accepted by the baseline, info, or additive with --fail-on breaking), and those an
  // earlier case showed first, are told, not failed.
  const told = [
    ...other.map(findingText),
    ...(report.seen_again ?? []).map((id) => `also seen here: ${id}, first shown by "${firstCase.get(id) ?? 'an earlier case'}"`),
  ];
  if (told.length > 0) inner.push(element('system-out', {}, scrub(told.join('\n\n')), '      '));
  return element('testcase', attributes, inner, '    ');
}

/**
 * The report as JUnit XML: one testcase per contract case (classname `fastmoss-kit.contract.<category>`), a <failure>
 * per finding that fails the run, new and at the fail-on threshold (kind, path, expected, observed, the request with
 * the key redacted, its stable id), the case's other findings (accepted by the baseline, below the threshold) in
 * <system-out>, cases that were inconclusive or not run as <skipped/>. Every string is scrubbed before it is escaped,
 * so `<redacted>` is text and the file stays valid XML. Jenkins and most viewers show each failure; GitLab shows the
 * first of a case.
 */
export function renderJunit(report: ContractReport, scrub: Scrub = (text) => text): string {
  const inconclusive = report.evidence.why === null ? 0 : 1;
  const failures = report.cases.filter((c) => c.outcome === 'failed').length + inconclusive;
  const skipped = report.cases.filter((c) => c.outcome === 'inconclusive').length + report.skipped.length;
  const tests = report.cases.length + report.skipped.length + inconclusive;
  const properties = [
    ['target', report.target],
    ['mode', report.mode],
    ['spec', `${report.spec.title} ${report.spec.version}`],
    ['spec_path', report.spec.path ?? '(given as a document)'],
    ['spec_sha256', report.spec.sha256],
    ['fail_on', report.fail_on],
    ['verdict', report.verdict],
    ['spec_holds', String(report.spec_holds)],
    ['judged', String(report.evidence.judged)],
    ['requests_sent', String(report.requests_sent)],
    ['budget', String(report.budget)],
    ...(report.stopped === undefined ? [] : [['stopped', `${report.stopped.reason}: ${report.stopped.detail}`]]),
  ].map(([name, value]) => element('property', { name, value: scrub(value as string) }, undefined, '      '));
  const why = report.evidence.why;
  // A run that judged too little fails in every CI test view too: one failing testcase that says why.
  const evidence =
    why === null ? [] : [oneChild('enough was judged for a verdict', 'evidence', 'failure', { type: 'inconclusive' }, scrub(why))];
  const firstCase = new Map(report.findings.map((f) => [f.id, f.case]));
  const cases = [
    ...report.cases.map((c) => testcase(c, report.fail_on, firstCase, scrub)),
    ...report.skipped.map((s) => oneChild(scrub(s.name), 'not-run', 'skipped', { message: scrub(`not run: ${skipText(s)}`) })),
  ];
  const totals = { tests, failures, errors: 0, skipped, time: seconds(report.duration_ms) };
  const children = [element('properties', {}, properties, '    '), ...evidence, ...cases];
  return junitDocument(scrub(`fastmoss-kit contract: ${report.target}`), totals, report.started_at, children);
}

/** A testcase holding one element: a `<failure>` or `<error>` whose message is its text too, or a `<skipped/>`. */
function oneChild(name: string, category: string, child: string, attributes: Attributes, message?: string): string {
  const inner = element(child, { message, ...attributes }, message, '      ');
  return element('testcase', { name, classname: `fastmoss-kit.contract.${category}` }, [inner], '    ');
}

function junitDocument(name: string, totals: Attributes, startedAt: string, children: readonly string[]): string {
  const suite = element('testsuite', { name, ...totals, timestamp: startedAt.replace(/\.\d+Z$|Z$/, '') }, children, '  ');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('testsuites', { name: 'fastmoss-kit contract', ...totals }, [suite], '')}\n`;
}

/**
 * JUnit XML for a run that ended without a verdict (exit 2: a usage error, an unusable spec or baseline, a target not
 * ready, a refused key; 3: a bug in the kit): one testcase in error, naming the cause (its kind and whole message), so
 * that a CI test view shows why the step failed instead of nothing. `message` must be scrubbed already.
 */
export function renderJunitError(cause: { readonly type: string; readonly message: string }, at: Date): string {
  const testcase = oneChild('the contract run reached a verdict', 'setup', 'error', { type: cause.type }, cause.message);
  const totals = { tests: 1, failures: 0, errors: 1, skipped: 0, time: '0.000' };
  return junitDocument('fastmoss-kit contract', totals, at.toISOString(), [testcase]);
}
