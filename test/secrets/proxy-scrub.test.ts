import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../src/cli/run-cli.js';
import { createProxySource } from '../../src/testing/sources.js';
import { buildFakeServer } from '../../src/server/build-fake-server.js';
import { captureIo } from '../helpers/io.js';
import { wholeRecordings } from '../helpers/recordings.js';
import { startMutantServer, type Mutation } from '../helpers/mutant-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const ENDPOINT = '/creator/v1/rank/topPotential';
/** Every credential below contains this, and nothing else the kit writes does. */
const CANARY = 'QzX9canary';

/** An upstream that echoes the caller's Authorization value, whole, as a member name and a value. */
const ECHO: Mutation = {
  name: 'echoes the Authorization header',
  onRequest: (request, reply) => {
    const echoed = String(request.headers.authorization);
    return reply
      .code(200)
      .type('application/json')
      .send(
        // Text: the fake's schema serializer would drop the member.
        JSON.stringify({
          code: 0,
          data: { list: [], total: 0, [echoed]: echoed },
          message: `you sent ${echoed}`,
          timestamp: 1776186472,
          request_id: '7d9f1b3c-5e7a-4c9e-8b0d-2a4c6e8a0b35',
        }),
      );
  },
};

const AUTHORIZATIONS = [
  `${CANARY}-key-without-scheme-0123`,
  `Token ${CANARY}-token-scheme-0123`,
  `Basic ${Buffer.from(`user:${CANARY}`).toString('base64')}-${CANARY}`,
  `Bearer ${CANARY}-bearer-0123`,
  `Custom ${CANARY}-custom-scheme-0123`,
];

t.test('serve --proxy --record: a credential of any scheme echoed by the upstream is in no file, line or header', async (t) => {
  const upstream = await startMutantServer();
  t.teardown(() => upstream.close());
  upstream.use(ECHO);
  const dir = tempDir('proxy-scrub-');
  const io = captureIo();
  const proxied = await runCli(['serve', '--port', '0', '--proxy', upstream.baseUrl, '--record', dir], io);
  t.teardown(() => proxied.server?.app.close());
  for (const authorization of AUTHORIZATIONS) {
    const answer = await fetch(`${proxied.server?.url}${ENDPOINT}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: '{}',
    });
    t.match(await answer.text(), CANARY, `${authorization.split(' ')[0]}: the caller gets the upstream's answer as it was`);
    const violations = answer.headers.get('x-spec-violations') ?? '';
    t.match(violations, /undocumented/, 'the echoed member is reported');
    t.notMatch(violations, CANARY, 'the header reporting it does not carry the credential');
  }
  for (const file of await wholeRecordings(dir, AUTHORIZATIONS.length)) {
    const text = readFileSync(join(dir, file), 'utf8');
    t.notMatch(text, CANARY, `${file}: no credential recorded`);
    t.match(text, /<redacted>/, `${file}: the echo is there, scrubbed`);
  }
  t.match(io.err(), /undocumented/, 'the violations are logged');
  t.notMatch(io.err(), CANARY, 'no credential on stderr');
});

t.test('createProxySource: onExchange and log get everything scrubbed, and so does a failure to send', async (t) => {
  const upstream = await startMutantServer();
  t.teardown(() => upstream.close());
  upstream.use(ECHO);
  const seen: string[] = [];
  const app = buildFakeServer({
    source: createProxySource(upstream.baseUrl, {
      log: (line) => seen.push(line),
      onExchange: (exchange, violations) => seen.push(JSON.stringify({ exchange, violations })),
    }),
  });
  t.teardown(() => app.close());
  const answer = await app.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { authorization: AUTHORIZATIONS[0], 'content-type': 'application/json' },
    payload: '{}',
  });
  t.match(answer.body, CANARY);
  t.ok(
    seen.some((line) => line.includes('"violations"')),
    'onExchange was called',
  );
  t.notMatch(seen.join('\n'), CANARY, 'nothing handed out carries the credential');

  // A value fetch refuses to send (a line break in it, possible in-process): fetch's error quotes it whole.
  const refused = await app.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { authorization: `${CANARY}-key-0123\nx`, 'content-type': 'application/json' },
    payload: '{}',
  });
  t.match(refused.json(), { code: 40001, message: /did not answer: .*<redacted>/ });
  t.notMatch(refused.body, CANARY, 'the upstream failure names no part of the credential');
});
