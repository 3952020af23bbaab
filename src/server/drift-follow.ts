import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { driftInput, readDriftReport, type DriftInput } from '../contract/drift-input.js';
import { findingId } from '../contract/findings.js';
import { proposeSpec, type DriftFinding, type NotExpressed } from '../contract/propose-spec.js';
import { resolveSpec, type SpecInput } from '../openapi/describe.js';
import type { SpecDocument } from '../openapi/load-spec.js';
import { followSpec } from './spec-follow.js';

/** yaml is loaded only for a drift to show: a plain fake starts without it. */
const require = createRequire(import.meta.url);

/** The spec the fake serves to show a drift report, and the findings it cannot show, each with why. */
export interface DriftedSpec {
  readonly doc: SpecDocument;
  readonly notShown: readonly NotExpressed[];
}

/**
 * The fake's spec changed as `--propose-spec` would change it for the report's findings (a member production left out
 * is removed rather than made optional, so the fake leaves it out too), for the fake to follow. A change the fake
 * cannot follow (a type its data cannot be turned into) is left out and listed with the fake's reason.
 */
export function driftedSpec(spec: SpecInput | undefined, drift: string | object, seed: number): DriftedSpec {
  const input: DriftInput = typeof drift === 'string' ? readDriftReport(drift) : driftInput(drift, 'given as an object');
  const base = new (require('yaml') as typeof Yaml).Document(resolveSpec(spec).doc);
  const attempt = (from: Yaml.Document, findings: readonly DriftFinding[]) => {
    const proposal = proposeSpec(from, findings, { missing: 'absent' });
    const doc = proposal.document.toJS() as SpecDocument;
    followSpec(resolveSpec(doc), seed);
    return { proposal, doc };
  };
  try {
    const { proposal, doc } = attempt(base, input.findings);
    return { doc, notShown: proposal.notExpressed };
  } catch {
    // One at a time, each on the spec the ones kept before it made (proposeSpec applies findings in order, so this is
    // the same spec): a finding is kept when the fake can follow the spec with it. Linear in the findings.
    let current: Yaml.Document = base;
    let doc = base.toJS() as SpecDocument;
    const notShown: NotExpressed[] = [];
    const refused: NotExpressed[] = [];
    for (const finding of input.findings) {
      try {
        const next = attempt(current, [finding]);
        current = next.proposal.document;
        doc = next.doc;
        notShown.push(...next.proposal.notExpressed);
      } catch (error) {
        refused.push({ finding: findingId(finding), why: (error as Error).message });
      }
    }
    return { doc, notShown: [...notShown, ...refused] };
  }
}
