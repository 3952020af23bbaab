import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import t, { type Test } from 'tap';
import { parse } from 'yaml';
import { ensureBuilt } from '../../bench/build.js';
import { startFakeServer } from '../../src/testing/start-fake-server.js';
import { closedPort } from '../helpers/mutant-server.js';
import { unmeasured, withoutCoverage } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// The example CI files (examples/ci/) run here, command by command, against the fake, as a CI runner would run them:
// each `run:` step (GitHub) or job script (GitLab) in bash, in a fresh work directory of an app whose
// node_modules/.bin/fastmoss-kit is this kit. Only the steps that install or run the app's own tests are left out,
// and the test names them, so a new command in an example is run, not silently skipped.

t.setTimeout(480_000);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
ensureBuilt(ROOT, () => {});
const EXAMPLES = join(ROOT, 'examples/ci');
const APP_STEPS = ['npm ci', 'npm test'];
const KEY = 'scheduled-key-1234567890';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Record<string, string | number>;
  readonly with?: { readonly path?: string };
}
interface GithubWorkflow {
  readonly jobs: Record<string, { readonly env?: Record<string, string | number>; readonly steps: readonly Step[] }>;
}
interface GitlabJob {
  readonly script: readonly string[];
  readonly after_script?: readonly string[];
  readonly variables?: Record<string, string>;
  readonly artifacts: { readonly reports: { readonly junit: string }; readonly paths: readonly string[] };
}

/** A downstream app's work directory whose `./node_modules/.bin/fastmoss-kit` runs this kit's built CLI, as installed. */
function appDir(): string {
  const dir = tempDir('ci-example-');
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  const bin = join(dir, 'node_modules/.bin/fastmoss-kit');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist/cli.js')}" "$@"\n`);
  chmodSync(bin, 0o755);
  return dir;
}

/** `${{ secrets.NAME }}` and `${{ github.run_id }}` as a runner would fill them in. */
function expand(value: string | number, secrets: Record<string, string>): string {
  return String(value).replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_whole, name: string) => {
    if (name.startsWith('secrets.')) return secrets[name.slice('secrets.'.length)] ?? '';
    if (name === 'github.run_id') return '1';
    throw new Error(`The example uses \${{ ${name} }}, which this test does not know how to fill in.`);
  });
}

/** Runs a script in bash -e, asynchronously (a fake in this process must keep answering meanwhile). */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(...unmeasured('bash', ['-e', '-c', script]), {
      cwd,
      env: { ...withoutCoverage(process.env), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** True while the process runs: not gone, and not a zombie waiting for a reaper (an orphan's is init, which may be slow). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits up to 10 s for a killed process to end (the fake finishes in-flight requests first). */
async function ended(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return !running(pid);
}

/** True when nothing listens on the port any more: the next job could start its fake there. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Runs a GitHub job's run steps in order; returns the app steps it left out and the work directory. */
async function runGithubJob(
  t: Test,
  file: string,
  job: string,
  overrides: Record<string, string>,
  secrets: Record<string, string>,
): Promise<{ skipped: string[]; dir: string; summary: string }> {
  const workflow = parse(readFileSync(join(EXAMPLES, file), 'utf8')) as GithubWorkflow;
  const spec = workflow.jobs[job];
  if (spec === undefined) throw new Error(`${file} has no job ${job}`);
  const dir = appDir();
  const summary = join(dir, 'step-summary.md');
  const jobEnv = Object.fromEntries(Object.entries(spec.env ?? {}).map(([name, value]) => [name, expand(value, secrets)]));
  const skipped: string[] = [];
  for (const step of spec.steps) {
    if (step.run === undefined) continue;
    if (APP_STEPS.includes(step.run.trim())) {
      skipped.push(step.run.trim());
      continue;
    }
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value, secrets)]));
    const env = { ...jobEnv, ...stepEnv, ...overrides, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const { status, output } = await bash(step.run, dir, env);
    t.equal(status, 0, `${file}: "${step.name ?? step.run}" exits 0`, { output });
  }
  return { skipped, dir, summary };
}

/** The artifact paths of a GitHub job's upload-artifact step. */
function githubArtifacts(file: string, job: string): string[] {
  const workflow = parse(readFileSync(join(EXAMPLES, file), 'utf8')) as GithubWorkflow;
  const upload = workflow.jobs[job]?.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
  return (upload?.with?.path ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function assertJunit(t: Test, path: string): void {
  t.ok(existsSync(path), `${path} was written`);
  const xml = readFileSync(path, 'utf8');
  t.equal(XMLValidator.validate(xml), true, 'the JUnit file is valid XML');
  t.match(xml, /<testsuites name="fastmoss-kit contract" tests="\d+" failures="0"/);
}

t.test('examples/ci/github-pr.yml: start the fake with the bin, wait on it, contract --junit, stop it', { timeout: 180_000 }, async (t) => {
  const port = await closedPort();
  const { skipped, dir, summary } = await runGithubJob(t, 'github-pr.yml', 'fake', { FAKE_PORT: String(port) }, {});
  t.same(skipped, APP_STEPS, "only the app's own install and tests are left out");
  assertJunit(t, join(dir, 'reports/contract-junit.xml'));
  t.match(readFileSync(join(dir, 'reports/drift.md'), 'utf8'), /^# Contract report: the spec still holds/);
  t.match(readFileSync(summary, 'utf8'), /^# Contract report: the spec still holds/, 'the job summary got the report');
  t.match(readFileSync(join(dir, 'fake.log'), 'utf8'), new RegExp(`fake FastMoss server on http://127\\.0\\.0\\.1:${port} `));
  const pid = Number(readFileSync(join(dir, 'fake.pid'), 'utf8'));
  t.ok(await ended(pid), 'kill stopped the fake: no server is left behind for the next job');
  t.ok(await portFree(port), 'its port is free again');
  for (const path of githubArtifacts('github-pr.yml', 'fake')) t.ok(existsSync(join(dir, path)), `artifact ${path} exists`);
});

t.test(
  'examples/ci/github-scheduled.yml: the production job, pointed at a fake, keeps drift.json and the JUnit file',
  { timeout: 180_000 },
  async (t) => {
    const fake = await startFakeServer({ tokens: [KEY] });
    t.teardown(() => fake.close());
    const { skipped, dir } = await runGithubJob(
      t,
      'github-scheduled.yml',
      'production',
      { FASTMOSS_BASE_URL: fake.url },
      { FASTMOSS_API_KEY: KEY },
    );
    t.same(skipped, ['npm ci']);
    const artifacts = githubArtifacts('github-scheduled.yml', 'production');
    t.same(artifacts, ['reports/production/drift.json', 'reports/production/contract-junit.xml']);
    for (const path of artifacts) t.ok(existsSync(join(dir, path)), `artifact ${path} exists`);
    assertJunit(t, join(dir, 'reports/production/contract-junit.xml'));
    const report = JSON.parse(readFileSync(join(dir, 'reports/production/drift.json'), 'utf8')) as {
      spec_holds: boolean;
      requests_sent: number;
      budget: number;
    };
    t.same([report.spec_holds, report.budget], [true, 40]);
    t.ok(report.requests_sent <= 40, 'within the budget');
    t.notMatch(readFileSync(join(dir, 'reports/production/drift.json'), 'utf8'), KEY);
  },
);

t.test('examples/ci/gitlab-ci.yml: both jobs, script and after_script, artifacts and the junit report', { timeout: 180_000 }, async (t) => {
  const file = parse(readFileSync(join(EXAMPLES, 'gitlab-ci.yml'), 'utf8')) as Record<string, unknown> & {
    variables: Record<string, string>;
  };
  const port = await closedPort();
  const fake = await startFakeServer({ tokens: [KEY] });
  t.teardown(() => fake.close());
  const overrides: Record<string, Record<string, string>> = {
    'contract-fake': { FAKE_PORT: String(port) },
    // As a project's CI/CD variables would: they win over the file's.
    'contract-production': { FASTMOSS_BASE_URL: fake.url, FASTMOSS_API_KEY: KEY },
  };
  t.same(
    Object.keys(file).filter((key) => !['stages', 'variables'].includes(key)),
    Object.keys(overrides),
    'every job is run',
  );
  for (const [name, override] of Object.entries(overrides)) {
    const job = file[name] as GitlabJob;
    const dir = appDir();
    const env = { ...file.variables, ...job.variables, ...override };
    const skipped = job.script.filter((line) => APP_STEPS.includes(line.trim()));
    t.same(skipped, name === 'contract-fake' ? APP_STEPS : ['npm ci'], `${name}: only the app's install and tests are left out`);
    // GitLab runs the script lines in one shell, stopping at the first that fails; after_script in a shell of its own.
    const script = job.script.filter((line) => !APP_STEPS.includes(line.trim())).join('\n');
    const run = await bash(script, dir, env);
    t.equal(run.status, 0, `${name}: script exits 0`, { output: run.output });
    if (job.after_script !== undefined) {
      const after = await bash(job.after_script.join('\n'), dir, env);
      t.equal(after.status, 0, `${name}: after_script exits 0`, { output: after.output });
      const pid = Number(readFileSync(join(dir, 'fake.pid'), 'utf8'));
      t.ok(await ended(pid), `${name}: the fake was stopped`);
      t.ok(await portFree(port), `${name}: its port is free again`);
    }
    assertJunit(t, join(dir, job.artifacts.reports.junit));
    for (const path of job.artifacts.paths) t.ok(existsSync(join(dir, path)), `${name}: artifact ${path} exists`);
  }
});
