/**
 * Worker-thread entry: generates the creators of one seed's universe and posts them to the thread that started it.
 * See universe-prefetch.ts. The same code as in-thread generation, so the creators are the same.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCategories } from './categories.js';
import { generateCreators } from './creators.js';
import { REGION_PROFILES } from './regions.js';

const { seed } = workerData as { readonly seed: number };
parentPort?.postMessage(generateCreators(seed, loadCategories(), REGION_PROFILES));
