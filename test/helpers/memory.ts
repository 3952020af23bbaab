import { ENTRY_BYTES, type MemoryBudget } from '../../src/server/memory-budget.js';

/** The bytes the caches of a plan may hold, each count at its ENTRY_BYTES (the home seed's universe included). */
export const cachedBytes = (plan: MemoryBudget): number =>
  (plan.universes + 1) * ENTRY_BYTES.universe +
  plan.rankingRows * ENTRY_BYTES.rankingRow +
  plan.pages * ENTRY_BYTES.page +
  plan.answerPoolBytes +
  plan.bodies * ENTRY_BYTES.body +
  (plan.rateLimitTokens + plan.quotaTokens) * ENTRY_BYTES.token;
