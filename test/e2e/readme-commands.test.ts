import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startFakeServer } from '../../src/testing/start-fake-server.js';
import { unmeasured } from '../helpers/spawn-cli.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(60_000);

// The curl examples of README and of docs/fake-server.md (where its Prefer and signed-query examples moved), run as
// written against a fake on a free port (only the host and port replaced): each one must reach the endpoint (a curl
// without -d sends GET, which the fake answers 405 with 20001) and get what the text around it promises.
const read = (path: string): string => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');
const README = read('README.md');
const FAKE_SERVER_DOC = read('docs/fake-server.md');

/** Every command in a ```sh block that starts with curl, continuation lines joined. */
function curlCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks.flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n')).filter((line) => line.startsWith('curl '));
}

function run(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(...unmeasured('bash', ['-e', '-c', command]), { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (status) => (status === 0 ? resolve(output) : reject(new Error(`exited ${String(status)}: ${command}`))));
  });
}

t.test("README's and docs/fake-server.md's curl examples reach the endpoint and answer as the text says", async (t) => {
  const fake = await startFakeServer();
  t.teardown(() => fake.close());
  const commands = [...curlCommands(README), ...curlCommands(FAKE_SERVER_DOC)];
  t.equal(curlCommands(README).length, 1, 'README: the plain request');
  t.equal(commands.length, 3, 'then docs/fake-server.md: the Prefer scenario and the signed query');
  const answers: string[] = [];
  for (const command of commands) answers.push(await run(command.replace(/(http:\/\/)?(localhost|127\.0\.0\.1):4010/g, fake.url)));
  for (const [index, answer] of answers.entries()) t.notMatch(answer, /"code":20001/, `example ${index + 1} is not a 404 or 405`);
  t.match(answers[0], /^\{"code":0,"data":\{"list":\[/, 'the plain request: a page of creators');
  t.match(answers[1], /^HTTP\/1\.1 429 [\s\S]*retry-after: 5\r\n[\s\S]*"code":30003/i, 'Prefer: the forced 30003 with Retry-After 5');
  t.match(answers[2], /^\{"code":0,/, 'the signed query is accepted');
});
