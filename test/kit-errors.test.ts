import { readFileSync } from 'node:fs';
import t from 'tap';
import { reportFailure } from '../src/cli/run-cli.js';
import { UsageError } from '../src/cli/usage-error.js';
import { ContractSetupError, TargetUnreachableError } from '../src/contract/contract-errors.js';
import { DriftReportError } from '../src/contract/drift-input.js';
import { AnswerTooLarge, ExchangeFailed } from '../src/contract/send-exchange.js';
import { KIT_ERRORS, KitError, SystemError, exitCodeOf, isKitErrorCode, systemError, type KitErrorCode } from '../src/kit-errors.js';
import { SpecError } from '../src/openapi/spec-error.js';
import { FakeServerOptionsError } from '../src/server/options.js';
import { captureIo } from './helpers/io.js';

/** One error of each class the kit throws to its caller. */
const THROWN: readonly KitError[] = [
  new UsageError('--budget must be an integer'),
  new SpecError('The spec is refused at #/paths'),
  new FakeServerOptionsError('Failed to build the fake server: seed must be an integer.'),
  new ContractSetupError('The target refused the API key'),
  new TargetUnreachableError('Failed to reach the target'),
  new DriftReportError('The drift report at /tmp/drift.json is not usable'),
  new ExchangeFailed('ECONNREFUSED'),
  new AnswerTooLarge(1024, 200, undefined, { method: 'POST', path: '/creator/v1/rank/topPotential' }),
  new SystemError('The system refused listen on 127.0.0.1:4010 (EMFILE).'),
];

const codes = Object.keys(KIT_ERRORS) as KitErrorCode[];

t.test('each code is in the registry once, in fastify style, with an exit code and what to do', async (t) => {
  t.ok(codes.length >= 8);
  for (const code of codes) {
    t.match(code, /^FMK_ERR_[A-Z]+(_[A-Z]+)*$/, code);
    t.ok([2, 3].includes(KIT_ERRORS[code].exitCode), `${code} has an exit code`);
    t.match(KIT_ERRORS[code].todo, /^[A-Z].{20,}\.$/, `${code} says what to do in a sentence`);
  }
  const thrown = THROWN.map((error) => error.code);
  t.equal(new Set(thrown).size, thrown.length, 'no two classes share a code');
  t.same([...thrown].sort(), [...codes].sort(), 'every code is thrown by a class, and every class has a code of the registry');
  for (const error of THROWN) {
    t.ok(error instanceof KitError && error instanceof Error, `${error.name} is a KitError`);
    t.ok(isKitErrorCode(error.code));
  }
  t.notOk(isKitErrorCode('toString'), 'what the registry inherits is not a code');
  t.notOk(isKitErrorCode(2));
});

t.test("the CLI's exit code comes from the error's code alone", async (t) => {
  for (const error of THROWN) {
    const io = captureIo();
    t.equal(reportFailure(error, io), KIT_ERRORS[error.code].exitCode, error.code);
    t.equal(io.err(), `fastmoss-kit: ${error.message}\n`, `${error.code}: the message in one line, no stack`);
  }
  const borrowed = Object.assign(new Error('a bare error that says FMK_ERR_USAGE'), { code: 'FMK_ERR_USAGE' });
  t.equal(reportFailure(borrowed, captureIo()), 2, 'whatever the class: the code decides');
  const table: [string, unknown, number][] = [
    ['an error without a code', new TypeError("Cannot read properties of undefined (reading 'x')"), 3],
    ["an error with another library's code", Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }), 3],
    ['a code the registry inherits', Object.assign(new Error('odd'), { code: 'constructor' }), 3],
    ['something thrown that is not an Error', { code: 'FMK_ERR_USAGE', message: 'not an Error' }, 3],
    ['a string thrown', 'FMK_ERR_USAGE', 3],
    ['undefined thrown', undefined, 3],
    ['a refusal that is not an Error', { code: 'EMFILE', syscall: 'listen', message: 'listen EMFILE' }, 3],
  ];
  for (const [what, thrown, exitCode] of table) {
    const io = captureIo();
    t.equal(reportFailure(thrown, io), exitCode, what);
    t.match(io.err(), /^fastmoss-kit: internal error \(a bug in the kit; please report it with this output\):\n/, what);
    t.equal(exitCodeOf(thrown), exitCode, what);
  }
});

t.test('a system refusal is wrapped once into FMK_ERR_SYSTEM, naming the call, the path or address, and the errno code', async (t) => {
  const listen = Object.assign(new Error('listen EMFILE: too many open files'), {
    code: 'EMFILE',
    syscall: 'listen',
    address: '127.0.0.1',
    port: 4010,
  });
  const io = captureIo();
  t.equal(reportFailure(listen, io), 2, "a refusal no command put in words is still the caller's to fix");
  t.match(io.err(), /^fastmoss-kit: The system refused listen on 127\.0\.0\.1:4010 \(EMFILE\)\. The system refused what the kit asked/);
  const open = Object.assign(new Error("EACCES: permission denied, open '/srv/report/drift.json'"), {
    code: 'EACCES',
    syscall: 'open',
    path: '/srv/report/drift.json',
  });
  const wrapped = systemError(open);
  t.equal(wrapped.code, 'FMK_ERR_SYSTEM');
  t.equal(wrapped.cause, open);
  t.match(wrapped.message, /^The system refused open on \/srv\/report\/drift\.json \(EACCES\)\./);
  const rename = Object.assign(new Error('EXDEV'), { code: 'EXDEV', syscall: 'rename', path: '/a', dest: '/b' });
  t.match(systemError(rename).message, /^The system refused rename on \/a to \/b \(EXDEV\)\./);
  const bare = Object.assign(new Error('EMFILE'), { code: 'EMFILE', syscall: 'socket', address: '::1' });
  t.match(systemError(bare).message, /^The system refused socket on ::1 \(EMFILE\)\./);
  const nowhere = Object.assign(new Error('EMFILE'), { code: 'EMFILE', syscall: 'spawn' });
  t.match(systemError(nowhere).message, /^The system refused spawn \(EMFILE\)\./);
  // Built from the fields, not the message: text a refusal's message may carry is not repeated.
  const quoting = Object.assign(new Error('connect ECONNREFUSED https://x/?access_token=hunter2'), {
    code: 'ECONNREFUSED',
    syscall: 'connect',
  });
  t.notMatch(systemError(quoting).message, /hunter2/);
  t.equal(exitCodeOf(Object.assign(new Error('no syscall'), { code: 'EMFILE' })), 3, 'an errno code without a syscall is not wrapped');
});

t.test('docs/errors.md lists every code with its class, exit code and what to do', async (t) => {
  const rows = readFileSync('docs/errors.md', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `FMK_ERR_'));
  const expected = THROWN.map(
    (error) => `| \`${error.code}\` | \`${error.name}\` | ${KIT_ERRORS[error.code].exitCode} | ${KIT_ERRORS[error.code].todo} |`,
  );
  t.same(rows, expected);
});
