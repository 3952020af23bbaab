import { hash32 } from '../data/random.js';
import type { ErrorEnvelope, ShapeEnvelope } from '../errors.js';
import { createConformer, unfollowable, type Conform } from '../openapi/conform.js';
import { resolveSpec, type ApiDescription } from '../openapi/describe.js';
import { SpecError } from '../openapi/spec-error.js';

/** How the fake answers under a team's own spec: its success answers and its error envelopes reshaped to that spec. */
export interface SpecFollowing {
  readonly answer: Conform;
  readonly shapeError: ShapeEnvelope;
}

/** Same document, same answers: the kit's own spec read from another path, or a copy of it, needs no reshaping. */
const sameSpec = (a: ApiDescription, b: ApiDescription): boolean => a === b || JSON.stringify(a.doc) === JSON.stringify(b.doc);

/**
 * What the fake needs to follow `api` when it is not the kit's own spec (undefined when it is): every status's schema
 * compared with the kit's own, and a conformer per status. A spec the fake cannot follow (a member whose type or enum
 * the data cannot meet, a filter the data layer cannot apply, another sort field) is refused with each reason.
 */
export function followSpec(api: ApiDescription, seed: number): SpecFollowing | undefined {
  const own = resolveSpec();
  if (sameSpec(api, own)) return undefined;
  const statuses = api.statuses.filter((status) => api.bodySchema(status) !== undefined && own.bodySchema(status) !== undefined);
  const their = (status: number) => ({ schema: api.bodySchema(status), resolve: api.resolveSchema });
  const ours = (status: number) => ({ schema: own.bodySchema(status), resolve: own.resolveSchema });
  const problems = [
    ...(api.bodySchema(200) === undefined ? ['the spec documents no JSON body for HTTP 200'] : []),
    ...statuses.flatMap((status) => unfollowable(their(status), ours(status)).map((problem) => `HTTP ${status}: ${problem}`)),
    ...api.filterNames
      .filter((name) => !own.filterNames.includes(name))
      .map((name) => `filter.${name} is new in the spec, and the fake cannot filter by it`),
    ...(api.defaults.sortField === own.defaults.sortField
      ? []
      : [`the spec ranks by ${api.defaults.sortField}, and the fake ranks by ${own.defaults.sortField}`]),
  ];
  if (problems.length > 0)
    throw new SpecError(
      `The fake cannot follow this spec: ${problems.join('; ')}. Change the spec, or let the contract suite judge against it without the fake.`,
    );
  const seedFor = (identity: string, path: string) => hash32(`spec-follow\u0000${seed}\u0000${identity}\u0000${path}`);
  const conformers = new Map(statuses.map((status) => [status, createConformer(their(status), ours(status), seedFor)]));
  // Every status the fake answers has a body schema here: the error registry takes each one's code from it.
  const conformerOf = (status: number): Conform => conformers.get(status) as Conform;
  return {
    answer: conformerOf(200),
    shapeError: (status: number, envelope: ErrorEnvelope) => conformerOf(status)(envelope, envelope.request_id),
  };
}
