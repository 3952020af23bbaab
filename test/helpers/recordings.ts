import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The names of the recordings in `dir` once it holds `count` whole ones. The proxy saves after it has answered, and a
 * file is visible before it is written: wait until each ends as scrubJson ends it. tap's timeout bounds a wait for a
 * file that never comes.
 */
export async function wholeRecordings(dir: string, count: number): Promise<string[]> {
  for (;;) {
    const names = readdirSync(dir);
    if (names.length >= count && names.every((name) => readFileSync(join(dir, name), 'utf8').endsWith('}\n'))) return names;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
