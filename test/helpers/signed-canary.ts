import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { NOW } from './mutant-server.js';

/**
 * Canary values in each of the signed form's four parameters, for the tests that send them through every path that
 * writes something (serve --log, serve --proxy --record, record, contract, contract --offline, replay): none may
 * appear in any output or file.
 */
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
export const CANARY = {
  client_id: `canaryclient${hex(8)}`,
  access_token: `canarytoken${hex(12)}`,
  timestamp: String(Math.floor(NOW.getTime() / 1000) - randomInt(1, 299)),
  sign: hex(32),
};
export const QUERY = new URLSearchParams(CANARY).toString();
export { hex };

export function assertClean(t: Test, texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) {
    for (const [name, value] of Object.entries(CANARY)) t.notOk(text.includes(value), `no ${name} in ${where} (${text.length} chars)`);
  }
}

export const filesOf = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((name) => [join(dir, name), readFileSync(join(dir, name), 'utf8')]));

export const post = (url: string, headers: Record<string, string> = {}, body = '{"pagesize":2}') =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
