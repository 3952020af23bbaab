import { readFileSync } from 'node:fs';
import t from 'tap';
import { MAX_JUDGED_VALUES } from '../../src/contract/checks/judge-exchange.js';
import { buildCases } from '../../src/contract/cases.js';
import { DEFAULT_TIMEOUT_S, REMOTE_BUDGET, REMOTE_PACE_MS } from '../../src/contract/options.js';
import { MAX_STATE_TARGETS } from '../../src/contract/run-state.js';
import { DEFAULT_MAX_MEMORY_MB } from '../../src/server/memory-budget.js';
import { facts, validate } from '../helpers/contract.js';

/**
 * The figures docs/ states about the contract suite are the code's: each is computed here from the constant or the
 * planner's input and looked for in the page, so changing the code without the page fails.
 */
const page = readFileSync('docs/contract.md', 'utf8').replace(/\s+/g, ' ');
const limits = readFileSync('docs/security-and-limits.md', 'utf8').replace(/\s+/g, ' ');
const thousands = (n: number): string => n.toLocaleString('en-US');

t.test("docs/contract.md's defaults and budget arithmetic are the code's", async (t) => {
  const cases = buildCases(facts, validate);
  const always = cases.filter((c) => c.category === 'baseline' || c.category === 'auth').reduce((sum, c) => sum + c.cost, 0);
  const rotating = REMOTE_BUDGET - always;
  t.ok(always > 0 && rotating > 0, `${always} requests every run, ${rotating} rotating`);
  for (const phrase of [
    `| \`--budget N\` | ${REMOTE_BUDGET} remote`,
    `| \`--pace-ms N\` | ${REMOTE_PACE_MS} remote`,
    `| \`--timeout-s N\` | ${DEFAULT_TIMEOUT_S} |`,
    `the ${MAX_STATE_TARGETS - 1} others checked most recently`,
    `**Budget**: ${REMOTE_BUDGET} requests`,
    `Every run spends ${always} requests`,
    `the other ${rotating} go`,
    `the remaining ${rotating} requests go`,
    `(${rotating} rotating requests a run)`,
    `plans the same ${REMOTE_BUDGET} requests`,
    `more than ${thousands(MAX_JUDGED_VALUES)} JSON values`,
  ]) {
    t.ok(page.includes(phrase), phrase);
  }
  t.ok(limits.includes(`past ${thousands(MAX_JUDGED_VALUES)} JSON values`), 'docs/security-and-limits.md');
});

t.test("README's memory ceiling is serve's default", async (t) => {
  const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
  t.ok(readme.includes(`\`--max-memory\` MB (default ${DEFAULT_MAX_MEMORY_MB})`));
});
