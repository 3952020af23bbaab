import type { ExchangeRequest } from './exchange.js';

/** What a finding is about; each kind has one severity (see SEVERITY). */
export type FindingKind =
  | 'status'
  | 'content-type'
  | 'envelope'
  | 'schema-missing-field'
  | 'schema-type'
  | 'schema-enum'
  | 'schema-format'
  | 'schema-constraint'
  | 'undocumented-field'
  | 'validation-accepts-invalid'
  | 'validation-rejects-valid'
  | 'auth-not-enforced'
  | 'auth-refusal-code'
  | 'semantics-filter'
  | 'semantics-sort'
  | 'semantics-pagination'
  | 'server-error'
  | 'sort-ties';

/**
 * breaking: code written against the spec can fail; additive: the target does or sends more than the spec says
 * (the spec is out of date, nothing breaks yet); info: worth knowing, never drift.
 */
export type Severity = 'breaking' | 'additive' | 'info';

export const SEVERITY: Readonly<Record<FindingKind, Severity>> = {
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
  'sort-ties': 'info',
};

/** One observation, before de-duplication. */
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
  /** The concrete place of this occurrence, e.g. `$.data.list[3].uid`. */
  readonly at?: string;
}

/** A de-duplicated finding: every observation of the same kind, path and rule, counted, with the first as example. */
export interface Finding {
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
}

const keyOf = (o: Observation): string => `${o.kind}\u0000${o.path}\u0000${o.rule ?? ''}`;

const RANK: Readonly<Record<Severity, number>> = { breaking: 0, additive: 1, info: 2 };

/** Collects observations into findings: the same kind, path and rule is one finding with a count. */
export class FindingSet {
  private readonly byKey = new Map<string, Finding>();

  add(observation: Observation, source: { readonly case: string; readonly request?: ExchangeRequest }): void {
    const key = keyOf(observation);
    const known = this.byKey.get(key);
    if (known) {
      this.byKey.set(key, { ...known, count: known.count + 1 });
      return;
    }
    const { at, ...rest } = observation;
    this.byKey.set(key, {
      ...rest,
      severity: SEVERITY[observation.kind],
      count: 1,
      ...(at === undefined ? {} : { example: at }),
      ...(source.request === undefined ? {} : { request: source.request }),
      case: source.case,
    });
  }

  /** Findings by severity (breaking first), then kind, then path: a stable order for reports and tests. */
  list(): Finding[] {
    return [...this.byKey.values()].sort(
      (a, b) => RANK[a.severity] - RANK[b.severity] || a.kind.localeCompare(b.kind) || a.path.localeCompare(b.path),
    );
  }
}

/** The failing threshold: `breaking` fails only on breaking findings, `additive` on breaking or additive ones. */
export type FailOn = 'breaking' | 'additive';

export function isDrift(finding: Pick<Finding, 'severity'>, failOn: FailOn): boolean {
  return finding.severity === 'breaking' || (failOn === 'additive' && finding.severity === 'additive');
}
