import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ContractSetupError } from './contract-errors.js';
import { scrubJson, type Scrub } from './scrub.js';
import { replaceFile } from './write-file.js';

/**
 * A JSON file the suite keeps between runs (the baseline, the state), parsed; undefined when there is no such file.
 * Any other failure is a ContractSetupError (exit code 2) naming the file, saying why and what to do (`hint`).
 */
export async function readJsonFile(path: string, what: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ContractSetupError(`Failed to read the ${what} ${resolve(path)}: ${(error as Error).message}. ${hint}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ContractSetupError(`Failed to read the ${what} ${resolve(path)}: it is not JSON (${(error as Error).message}). ${hint}`);
  }
}

/** Writes `value` as scrubbed JSON (scrubJson) with replaceFile, creating the directory when missing. */
export async function writeJsonFile(path: string, value: unknown, scrub: Scrub, what: string, hint: string): Promise<void> {
  const target = resolve(path);
  try {
    await mkdir(dirname(target), { recursive: true });
    await replaceFile(target, scrubJson(value, scrub));
  } catch (error) {
    throw new ContractSetupError(`Failed to write the ${what} ${target}: ${(error as Error).message}. ${hint}`, { cause: error });
  }
}
