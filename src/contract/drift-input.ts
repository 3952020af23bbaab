import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { KitError } from '../kit-errors.js';
import { SEVERITY, type FindingKind } from './findings.js';
import { isRecord } from './json-value.js';
import type { DriftFinding } from './propose-spec.js';

/** A drift report the kit cannot use (unreadable, not JSON, not written by `contract`, too large): exit code 2. */
export class DriftReportError extends KitError {
  override readonly name = 'DriftReportError';
  readonly code = 'FMK_ERR_DRIFT_REPORT';
}

/** Largest drift.json read (a run's report is tens of KiB), most findings taken from it, longest text of one. */
export const MAX_DRIFT_BYTES = 8 * 1024 * 1024;
export const MAX_DRIFT_FINDINGS = 1000;
const MAX_TEXT = 4096;

/** What a drift report gives a proposal: its findings, and when the run started (named in each Decision). */
export interface DriftInput {
  readonly startedAt?: string;
  readonly findings: readonly DriftFinding[];
}

const HINT = 'Pass the drift.json a `fastmoss-kit contract` run wrote (in its --report-dir).';
const text = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT;

/** A parsed drift.json checked member by member; `where` names it in the error (a path, or "given as an object"). */
export function driftInput(report: unknown, where: string): DriftInput {
  const fail = (why: string): never => {
    throw new DriftReportError(`The drift report ${where} is not usable: ${why}. ${HINT}`);
  };
  if (!isRecord(report) || report['tool'] !== 'fastmoss-kit contract')
    return fail('it is not a report of `fastmoss-kit contract` (its "tool" member)');
  const findings = report['findings'];
  if (!Array.isArray(findings)) return fail('it has no "findings" list');
  if (findings.length > MAX_DRIFT_FINDINGS) return fail(`it lists ${findings.length} findings, more than the ${MAX_DRIFT_FINDINGS} read`);
  const started = report['started_at'];
  return {
    ...(text(started) && /^[0-9T:.Z+-]{1,40}$/.test(started) ? { startedAt: started } : {}),
    findings: findings.map((finding: unknown, index) => {
      const kind = isRecord(finding) ? finding['kind'] : undefined;
      if (!isRecord(finding) || typeof kind !== 'string' || !Object.hasOwn(SEVERITY, kind))
        return fail(`findings[${index}] has no kind the kit knows`);
      const { path, rule, observed, request } = finding;
      if (!text(path) || !text(observed) || (rule !== undefined && !text(rule)))
        return fail(`findings[${index}] needs "path" and "observed" (and any "rule") as text of at most ${MAX_TEXT} characters`);
      return {
        kind: kind as FindingKind,
        path,
        observed,
        ...(rule === undefined ? {} : { rule }),
        ...(isRecord(request) && 'body' in request ? { request: { body: request['body'] } } : {}),
      };
    }),
  };
}

/** Reads and checks a drift.json file (at most MAX_DRIFT_BYTES). */
export function readDriftReport(path: string): DriftInput {
  const where = `at ${resolve(path)}`;
  let raw: string;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new DriftReportError(`The drift report ${where} is not a regular file. ${HINT}`);
    if (stats.size > MAX_DRIFT_BYTES)
      throw new DriftReportError(`The drift report ${where} is ${stats.size} bytes, more than the ${MAX_DRIFT_BYTES} read. ${HINT}`);
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof DriftReportError) throw error;
    throw new DriftReportError(`Failed to read the drift report ${where}: ${(error as Error).message}. ${HINT}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new DriftReportError(`The drift report ${where} is not JSON (${(error as Error).message}). ${HINT}`);
  }
  return driftInput(parsed, where);
}
