import fc from 'fast-check';
import t from 'tap';
import { createResponseValidator } from '../../src/openapi/response-validator.js';
import { fake } from '../helpers/fake.js';
import { FUZZ_RUNS, fuzzParameters, fuzzTimeoutMs } from '../helpers/fuzz-settings.js';
import { exchange, listen, request } from '../helpers/socket.js';
import { api } from '../helpers/spec.js';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(fuzzTimeoutMs(60_000));

const validateResponse = createResponseValidator(api);
const app = fake({ requestTimeoutMs: 400 });
t.teardown(() => app.close());
let port = 0;
let reference = '';
const REFERENCE = request('{"pagesize":2}', { connection: 'close' });

t.before(async () => {
  port = await listen(app);
  reference = (await exchange(port, [REFERENCE])).body;
});

const token = fc.stringMatching(/^[A-Za-z-]{1,12}$/);
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('application/json', 'Bearer x', 'chunked', 'gzip', '0', '-1', '99999999'),
);
const method = fc.oneof(fc.constantFrom('POST', 'GET', 'PUT', 'OPTIONS', 'HEAD', 'CONNECT', 'TRACE', 'post'), token);
const path = fc.oneof(
  fc.constantFrom('/creator/v1/rank/topPotential', '/', '*', '/creator/v1/rank/topPotential?x=1', '/%', '//..//', 'http://evil/'),
  fc.webPath(),
);

/** One raw request, possibly malformed, always ending with Connection: close so the server ends the exchange. */
const rawRequest = fc
  .record({
    method,
    path,
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', ''),
    headers: fc.array(fc.tuple(token, headerValue), { maxLength: 6 }),
    body: fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      fc.string({ maxLength: 200 }),
      fc.constant('{"filter":{"region":"US"}}'),
    ),
    splits: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
    chunked: fc.boolean(),
  })
  .map(({ method, path, version, headers, body, splits, chunked }) => {
    const lines = [`${method} ${path} ${version}`.trimEnd(), 'host: 127.0.0.1', 'authorization: Bearer fuzz', 'connection: close'];
    for (const [name, value] of headers) lines.push(`${name}: ${value.replace(/[\r\n]/g, ' ')}`);
    const bytes = Buffer.from(body);
    const payload = chunked ? `${bytes.length.toString(16)}\r\n${body}\r\n0\r\n\r\n` : body;
    lines.push(chunked ? 'transfer-encoding: chunked' : `content-length: ${bytes.length}`);
    const text = `${lines.join('\r\n')}\r\n\r\n${payload}`;
    const pieces: string[] = [];
    let at = 0;
    for (const size of splits) {
      pieces.push(text.slice(at, at + size));
      at += size;
    }
    pieces.push(text.slice(at));
    return pieces.filter((p) => p !== '');
  });

t.test('raw requests over a real socket: never a 5xx, always the envelope, the next request unharmed', async (t) => {
  await fc.assert(
    fc.asyncProperty(rawRequest, async (pieces) => {
      const answer = await exchange(port, pieces, { idleMs: 1500 });
      const what = JSON.stringify(pieces.join('')).slice(0, 300);
      if (answer.status === undefined) throw new Error(`no HTTP answer for ${what}: ${JSON.stringify(answer.text.slice(0, 200))}`);
      if (answer.status >= 500) throw new Error(`${answer.status} for ${what}: ${answer.body}`);
      if (answer.body !== '') {
        const verdict = validateResponse(answer.status, JSON.parse(answer.body));
        if (!verdict.valid) throw new Error(`invalid ${answer.status} answer for ${what}: ${JSON.stringify(verdict.errors)}`);
      }
      const next = await exchange(port, [REFERENCE]);
      if (next.body !== reference) throw new Error(`the next valid request was answered differently after ${what}`);
      return true;
    }),
    fuzzParameters(Math.max(20, Math.floor(FUZZ_RUNS / 3))),
  );
  t.pass();
});
