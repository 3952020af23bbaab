import type { Finding } from './findings.js';

/**
 * A finding's name for CI systems (JUnit failures, GitHub annotations): its stable `id` once findings carry one
 * (issue 16 adds it, from kind, path and rule), until then kind, path and rule, the same key FindingSet groups by.
 * When `id` lands on Finding, this is `finding.id`.
 */
export function findingId(finding: Finding): string {
  return (finding as Finding & { readonly id?: string }).id ?? `${finding.kind} ${finding.path}${finding.rule === undefined ? '' : ` (${finding.rule})`}`;
}
