import { buildCases } from '../../src/contract/cases.js';
import { describeSpec } from '../../src/openapi/describe.js';
import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { createRequestValidator } from '../../src/openapi/request-validator.js';
import { specFacts, type SpecFacts } from '../../src/contract/spec-facts.js';
import type { Mutation } from './mutant-server.js';
import { api, spec } from './spec.js';

export const facts = specFacts(api);
export const validate = createRequestValidator(api);
/** How many cases the suite plans for the kit's spec: read from the planner's input, never counted by hand. */
export const CASE_COUNT = buildCases(facts, validate).length;

/** A deep copy of the spec, changed by `edit`, with its facts. */
export function editedSpec(
  edit: (doc: SpecDocument & { components: { schemas: Record<string, Record<string, unknown>> } }) => void,
): SpecFacts {
  const copy = structuredClone(spec) as SpecDocument & { components: { schemas: Record<string, Record<string, unknown>> } };
  edit(copy);
  return specFacts(describeSpec(copy));
}

/** Collects what a command or run writes. */
export function capture(): { readonly text: () => string; readonly write: (chunk: string) => void } {
  const chunks: string[] = [];
  return { text: () => chunks.join(''), write: (chunk) => void chunks.push(chunk) };
}

/** Mutations that rewrite the answer, applied one after the other: two vendor changes at once. */
export function combined(...mutations: readonly Mutation[]): Mutation {
  return {
    name: mutations.map((m) => m.name).join(' + '),
    rewrite: (body, reply, request) => {
      for (const mutation of mutations) mutation.rewrite?.(body, reply, request);
    },
  };
}
