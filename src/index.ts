// The package's public API: what README and docs/ document, each name a semver promise. test/public-api.test.ts lists
// it, so that an export added here by accident fails CI.
import type { ErrorEnvelope, TopPotentialResponse } from './generated/types.js';

export { buildFakeServer } from './server/build-fake-server.js';
export type { FakeServer } from './server/build-fake-server.js';
export type { MemoryUsage } from './server/memory-budget.js';
export type { FakeServerOptions, RateLimit } from './server/options.js';
export type { DataMode, OptionalMode } from './data/data-modes.js';
export { FakeServerOptionsError } from './server/options.js';
export type { AnswerSource, SourcedAnswer, SourcedRequest } from './server/answer-source.js';
export type * from './generated/types.js';
export { startFakeServer } from './testing/start-fake-server.js';
export type { StartFakeServerOptions, StartedFakeServer } from './testing/start-fake-server.js';
export { createReplaySource, createProxySource } from './testing/sources.js';
export type { ReplaySourceOptions, ProxySourceOptions } from './testing/sources.js';
export { runContract } from './testing/run-contract.js';
export type { ContractOptions, StartedTarget } from './contract-default-target.js';
export type { ContractTarget } from './contract/options.js';
export type { ContractResult } from './contract/run-suite.js';
export type { BaselineReport, CaseReport, ContractReport, CoverageReport, Verdict } from './contract/report.js';
export type { EvidenceReport } from './contract/evidence.js';
export type { Acceptance, FailOn, Finding, FindingKind, FindingStatus, Observation, Severity } from './contract/findings.js';
export type { BaselineEntry, BaselineFile } from './contract/baseline.js';
export type { CaseCheck, RunState, TargetState } from './contract/run-state.js';
export type { ExchangeRequest, ExchangeResponse, RecordedExchange } from './contract/exchange.js';
export { TargetUnreachableError, ContractSetupError } from './contract/contract-errors.js';
export { DriftReportError } from './contract/drift-input.js';
export type { NotExpressed } from './contract/propose-spec.js';
export { SpecError } from './openapi/spec-error.js';
export { KIT_ERRORS, KitError, SystemError } from './kit-errors.js';
export type { KitErrorCode, KitErrorInfo } from './kit-errors.js';
export type { SpecInput } from './openapi/describe.js';

/**
 * What the endpoint answers, success or error, discriminated by `code`: `if (result.code === 0)` narrows to the
 * ranking (`result.data.list`), anything else to the error envelope (`data: null`, `message` says what failed).
 */
export type TopPotentialResult = TopPotentialResponse | ErrorEnvelope;
