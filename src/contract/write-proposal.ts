import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { SPEC_PATH, type SpecDocument } from '../openapi/load-spec.js';
import { ContractSetupError } from './contract-errors.js';
import { driftInput } from './drift-input.js';
import { proposalText, proposeSpec, type SpecProposal } from './propose-spec.js';
import type { ContractReport } from './report.js';
import { staleExamples } from './stale-examples.js';
import { scrubJson, type Scrub } from './scrub.js';
import { replaceFile } from './write-file.js';

/** A proposal as written, and the examples of the spec it no longer fits (see staleExamples). */
export interface WrittenProposal extends SpecProposal {
  readonly staleExamples: readonly string[];
}

/**
 * `--propose-spec FILE`: the spec that judged (`spec`, else the kit's own), changed to describe this run's new findings
 * as drift.json holds them, scrubbed (see proposeSpec), written to `file`; the examples it no longer fits are listed.
 */
export async function writeSpecProposal(
  file: string,
  spec: string | undefined,
  report: ContractReport,
  scrub: Scrub,
): Promise<WrittenProposal> {
  const source = spec ?? SPEC_PATH;
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new ContractSetupError(`Failed to read the spec ${resolve(source)} to propose a change to: ${(error as Error).message}.`);
  }
  const fresh = { ...report, findings: report.findings.filter((finding) => finding.status === 'new') };
  const drift = driftInput(JSON.parse(scrubJson(fresh, scrub)) as unknown, 'of this run');
  const proposal = proposeSpec(parseDocument(text), drift.findings, { source: `the contract run of ${report.started_at}` });
  try {
    await replaceFile(resolve(file), scrub(proposalText(proposal)));
  } catch (error) {
    throw new ContractSetupError(`Failed to write the spec proposal ${resolve(file)}: ${(error as Error).message}. Pass a writable path.`);
  }
  return { ...proposal, staleExamples: staleExamples(proposal.document.toJS() as SpecDocument) };
}
