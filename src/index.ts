// The package's public API: what README and docs/ document, each name a semver promise. test/public-api.test.ts lists
// it, so that an export added here by accident fails CI.
export { buildFakeServer } from './server/build-fake-server.js';
export type { FakeServer } from './server/build-fake-server.js';
export type { MemoryUsage } from './server/memory-budget.js';
export type { FakeServerOptions } from './server/options.js';
export type { RateLimit } from './server/rate-limit-option.js';
export { FakeServerOptionsError } from './server/options.js';
export type { AnswerSource, SourcedAnswer, SourcedRequest } from './server/answer-source.js';
export type * from './generated/types.js';
export type { TopPotentialResult } from './result-types.js';
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
export { SpecError } from './openapi/spec-error.js';
export type { SpecInput } from './openapi/describe.js';
