import type { ExchangeRequest } from './exchange.js';

/**
 * breaking: code written against the spec can fail; additive: the target does or sends more than the spec says
 * (the spec is out of date, nothing breaks yet); info: worth knowing, never drift.
 */
export type Severity = 'breaking' | 'additive' | 'info';

/** Every kind of finding, and its one severity. */
export const SEVERITY = {
  status: 'breaking',
  'content-type': 'breaking',
  envelope: 'breaking',
  'schema-missing-field': 'breaking',
  'schema-type': 'breaking',
  'schema-enum': 'breaking',
  'schema-format': 'breaking',
  'schema-constraint': 'breaking',
  'undocumented-field': 'additive',
  'validation-accepts-invalid': 'additive',
  'validation-rejects-valid': 'breaking',
  'auth-not-enforced': 'breaking',
  'auth-refusal-code': 'breaking',
  'semantics-filter': 'breaking',
  'semantics-sort': 'breaking',
  'semantics-pagination': 'breaking',
  'server-error': 'breaking',
  'body-too-large': 'breaking',
  'sort-ties': 'info',
} as const satisfies Record<string, Severity>;

/** What a finding is about. */
export type FindingKind = keyof typeof SEVERITY;

/** One observation (or several alike in one answer, counted), before de-duplication across answers. */
export interface Observation {
  readonly kind: FindingKind;
  /**
   * Where: a JSON path into the response body (`$.data.list[*].uid`), a request field (`filter.region`),
   * `status` or a header (`headers.authorization`).
   */
  readonly path: string;
  /** The spec keyword or x-rules id concerned, when there is one. */
  readonly rule?: string;
  readonly expected: string;
  readonly observed: string;
  /** The concrete place of this occurrence, e.g. `$.data.list[3].uid`; of the first, when it counts more than one. */
  readonly at?: string;
  /** How many times one answer showed it (10,000 items missing a member: one observation, 10000). Absent: once. */
  readonly count?: number;
}

/** One line: `$.data.total schema-type (type): expected string, observed number`, then ` (at 250 places)` when counted. */
export const describeObservation = (o: Observation): string =>
  `${o.path} ${o.kind}${o.rule === undefined ? '' : ` (${o.rule})`}: expected ${o.expected}, observed ${o.observed}` +
  (o.count === undefined || o.count === 1 ? '' : ` (at ${o.count} places)`);

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
export function findingId(finding: { readonly kind: string; readonly path: string; readonly rule?: string }): string {
  return `${finding.kind}:${escape(finding.path)}${finding.rule === undefined ? '' : `:${escape(finding.rule)}`}`;
}

/** new: not in the baseline, so it counts towards the verdict; accepted: the baseline lists it, so it does not. */
export type FindingStatus = 'new' | 'accepted';

/** Why and since when a finding is accepted, as the baseline says. */
export interface Acceptance {
  readonly reason: string;
  /** YYYY-MM-DD */
  readonly accepted_on: string;
}

/** A de-duplicated finding: every observation of the same kind, path and rule, counted, with the first as example. */
export interface Finding {
  /** Stable across runs: derived from kind, path and rule only (see findingId), e.g. `schema-type:$.data.total:type`. */
  readonly id: string;
  readonly status: FindingStatus;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly path: string;
  readonly rule?: string;
  readonly expected: string;
  readonly observed: string;
  /** How many times it was observed (items times answers). */
  readonly count: number;
  /** The concrete place of the first occurrence. */
  readonly example?: string;
  /** The request that first showed it, the key redacted. */
  readonly request?: ExchangeRequest;
  /** Name of the case that first showed it. */
  readonly case: string;
  /** Set when the baseline accepts it (status accepted). */
  readonly accepted?: Acceptance;
}

/** Looks a finding's id up in the baseline: its acceptance, or undefined when the finding is new. */
export type AcceptanceOf = (id: string) => Acceptance | undefined;

const RANK: Readonly<Record<Severity, number>> = { breaking: 0, additive: 1, info: 2 };

/**
 * Collects observations into findings: the same kind, path and rule (the same id) is one finding with a count. Each
 * finding is new unless `acceptanceOf` finds its id in the baseline.
 */
export class FindingSet {
  private readonly byId = new Map<string, Finding>();

  constructor(readonly acceptanceOf: AcceptanceOf = () => undefined) {}

  add(observation: Observation, source: { readonly case: string; readonly request?: ExchangeRequest }): void {
    const id = findingId(observation);
    const times = observation.count ?? 1;
    const known = this.byId.get(id);
    if (known) {
      this.byId.set(id, { ...known, count: known.count + times });
      return;
    }
    const { at, count: _count, ...rest } = observation;
    const accepted = this.acceptanceOf(id);
    this.byId.set(id, {
      id,
      status: accepted === undefined ? 'new' : 'accepted',
      ...rest,
      severity: SEVERITY[observation.kind],
      count: times,
      ...(at === undefined ? {} : { example: at }),
      ...(source.request === undefined ? {} : { request: source.request }),
      case: source.case,
      ...(accepted === undefined ? {} : { accepted }),
    });
  }

  /** The case that first showed the finding with this id; undefined when none has. */
  firstCase(id: string): string | undefined {
    return this.byId.get(id)?.case;
  }

  /** Findings by severity (breaking first), then kind, then path: a stable order for reports and tests. */
  list(): Finding[] {
    return [...this.byId.values()].sort(
      (a, b) => RANK[a.severity] - RANK[b.severity] || a.kind.localeCompare(b.kind) || a.path.localeCompare(b.path),
    );
  }
}

/** The failing threshold: `breaking` fails only on breaking findings, `additive` on breaking or additive ones. */
export type FailOn = 'breaking' | 'additive';

/** Whether a finding decides the verdict: new (not accepted by the baseline) and at or above the fail-on threshold. */
export function failsRun(finding: Pick<Finding, 'severity' | 'status'>, failOn: FailOn): boolean {
  return finding.status === 'new' && (finding.severity === 'breaking' || (failOn === 'additive' && finding.severity === 'additive'));
}
