/** What identifies a finding: what it is (its kind), where (its path) and which rule, never what was observed. */
interface FindingIdentity {
  readonly kind: string;
  readonly path: string;
  readonly rule?: string;
}

/** `%` and `:` written as %25 and %3A, line breaks as %0A and %0D: the one separator stays unambiguous, the id one line. */
const escape = (part: string): string =>
  part.replace(/[%:\r\n]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * A finding's stable id: `kind:path`, then `:rule` when there is a rule, e.g. `schema-type:$.data.total:type`,
 * `undocumented-field:$.data.list[*].creator.shop_level`, `status:status:code 10001`. Built from what the finding
 * is, so the same change in the target has the same id in every run, whatever the data, the seed, the counts, the
 * values or the case that saw it first. A `%`, `:` or line break inside the path or rule is percent-encoded, so two
 * different findings never share an id.
 */
export function findingId(finding: FindingIdentity): string {
  return `${finding.kind}:${escape(finding.path)}${finding.rule === undefined ? '' : `:${escape(finding.rule)}`}`;
}
