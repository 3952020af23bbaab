/**
 * Lints spec/openapi.yaml with both well-known OpenAPI linters and fails on any problem, warnings and hints
 * included: Redocly's recommended rules (redocly.yaml) and Spectral's spectral:oas (.spectral.yaml).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const spec = process.argv[2] ?? 'spec/openapi.yaml';

function run(args: string[]): string {
  const result = spawnSync('npx', ['--no-install', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.error) throw result.error;
  return result.stdout;
}

function parseJson(text: string, tool: string): unknown {
  const start = text.search(/[[{]/);
  try {
    return JSON.parse(text.slice(start));
  } catch {
    throw new Error(`Failed to read ${tool}'s report: ${text.slice(0, 400)}`);
  }
}

interface Problem {
  readonly tool: string;
  readonly where: string;
  readonly rule: string;
  readonly message: string;
}

const problems: Problem[] = [];

const redocly = parseJson(run(['redocly', 'lint', '--format=json', spec]), 'redocly') as {
  problems: { ruleId: string; message: string; location?: { pointer?: string }[] }[];
};
for (const p of redocly.problems) {
  problems.push({ tool: 'redocly', where: p.location?.[0]?.pointer ?? '', rule: p.ruleId, message: p.message });
}

const spectralDir = mkdtempSync(join(tmpdir(), 'spectral-'));
const spectralOut = join(spectralDir, 'report.json');
run(['spectral', 'lint', '--format=json', `--output=${spectralOut}`, '--fail-severity=hint', spec]);
const spectralText = readFileSync(spectralOut, 'utf8');
rmSync(spectralDir, { recursive: true, force: true });
const spectral = parseJson(spectralText, 'spectral') as {
  code: string;
  message: string;
  path: string[];
}[];
for (const p of spectral) {
  problems.push({ tool: 'spectral', where: `#/${p.path.join('/')}`, rule: p.code, message: p.message });
}

for (const p of problems) console.error(`${p.tool} ${p.rule} ${p.where}: ${p.message}`);
console.log(`spec lint: ${problems.length} problem(s) in ${spec} (redocly recommended + spectral:oas)`);
process.exitCode = problems.length === 0 ? 0 : 1;
