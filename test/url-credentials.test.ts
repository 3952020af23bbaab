import type { OpenAPIV3_1 } from 'openapi-types';
import t from 'tap';
import {
  authorizationSecrets,
  hasUrlCredentials,
  isCredentialParameter,
  pathOf,
  redactCredentialAssignments,
  redactRequest,
  redactUrl,
  urlSecrets,
} from '../src/url-credentials.js';
import { createScrub } from '../src/contract/scrub.js';
import { spec } from './helpers/spec.js';

t.test("every query parameter the spec's security schemes name is redacted from URLs", async (t) => {
  const names = Object.values(spec.components.securitySchemes ?? {})
    .filter((scheme): scheme is OpenAPIV3_1.ApiKeySecurityScheme => (scheme as OpenAPIV3_1.ApiKeySecurityScheme).in === 'query')
    .map((scheme) => scheme.name);
  t.same(names.sort(), ['access_token', 'client_id', 'sign', 'timestamp'], "the spec documents the guide's four parameters");
  for (const name of [...names, 'signature_version']) t.ok(isCredentialParameter(name), name);
  for (const name of ['api_key', 'apiKey', 'client_secret', 'password', 'Authorization', 'refresh_token', 'signature', 'access%5Ftoken']) {
    t.ok(isCredentialParameter(name), `${name}: its name says it is a secret`);
  }
  for (const name of ['page', 'region', 'q', 'lang']) t.notOk(isCredentialParameter(name), `${name} is shown`);
});

t.test('redactUrl replaces credential values and keeps everything else as written', async (t) => {
  t.equal(
    redactUrl(
      '/creator/v1/rank/topPotential?client_id=app-1&access_token=tok%2Bx&timestamp=1776186472&sign=ab12&signature_version=2&lang=en',
    ),
    '/creator/v1/rank/topPotential?client_id=<redacted>&access_token=<redacted>&timestamp=<redacted>&sign=<redacted>&signature_version=<redacted>&lang=en',
  );
  t.equal(
    redactUrl('https://h.example/p?access_token=a&access_token=b#frag'),
    'https://h.example/p?access_token=<redacted>&access_token=<redacted>#frag',
    'repeated, fragment kept',
  );
  t.equal(redactUrl('/p?flag&sign=&x=1'), '/p?flag&sign=<redacted>&x=1', 'a name without a value, an empty value');
  t.equal(
    redactUrl('/p?%E0%A4%A=1&token=%zz'),
    '/p?%E0%A4%A=1&token=<redacted>',
    'malformed percent-encoding is left alone, not thrown on',
  );
  t.equal(redactUrl('/no/query'), '/no/query');
  t.equal(redactUrl('/p?'), '/p?');
});

t.test('urlSecrets gives the values worth scrubbing elsewhere, decoded and as written; not the timestamp', async (t) => {
  t.same(
    urlSecrets('/p?client_id=app%201&access_token=tok%2Bx&timestamp=1776186472&sign=ab12&signature_version=2&api_key=k&page=1&sign=&token'),
    ['app 1', 'app%201', 'tok+x', 'tok%2Bx', 'ab12', 'k'],
  );
  t.same(urlSecrets('/p'), []);
});

t.test('hasUrlCredentials and pathOf', async (t) => {
  t.ok(hasUrlCredentials('https://h.example?client_id=a&access_token=b&timestamp=1&sign=c'));
  t.notOk(hasUrlCredentials('https://h.example?page=1&access_token='), 'an empty credential is none');
  t.notOk(hasUrlCredentials('https://h.example'));
  t.equal(pathOf('/creator/v1/rank/topPotential?access_token=x#y'), '/creator/v1/rank/topPotential');
  t.equal(pathOf('/creator/v1/rank/topPotential'), '/creator/v1/rank/topPotential');
});

t.test('redactCredentialAssignments redacts name=value pairs anywhere in text, and nothing else', async (t) => {
  t.equal(
    redactCredentialAssignments('{"echo":"/p?client_id=app&timestamp=1776186472&page=2","auth":"Bearer Y29udA=="} sign=ab12 key=1'),
    '{"echo":"/p?client_id=<redacted>&timestamp=<redacted>&page=2","auth":"Bearer Y29udA=="} sign=<redacted> key=<redacted>',
  );
  t.equal(
    redactCredentialAssignments('access_token=<redacted> sign= x=1'),
    'access_token=<redacted> sign= x=1',
    'already redacted, empty, not a credential',
  );
});

t.test('redactRequest: the URL and the Authorization header (any case) as shown, with the values they carried', async (t) => {
  const { shown, secrets } = redactRequest({
    method: 'POST',
    path: '/p?access_token=tok-123456&x=1',
    headers: { Authorization: 'Bearer key-abcdef123', 'content-type': 'application/json' },
  });
  t.same(shown, {
    method: 'POST',
    path: '/p?access_token=<redacted>&x=1',
    headers: { authorization: 'Bearer <redacted>', 'content-type': 'application/json' },
  });
  t.same(secrets, ['tok-123456', 'key-abcdef123']);
  t.same(redactRequest({ path: '/p' }), { shown: { path: '/p' }, secrets: [] }, 'no headers: none added');
  t.same(
    redactRequest({ path: '/p', headers: { authorization: 'Bearer <redacted>' } }).secrets,
    [],
    'an already redacted header carries no secret',
  );
  t.same(
    redactRequest({ path: '/p', headers: { authorization: 'rawkey' } }),
    {
      shown: { path: '/p', headers: { authorization: 'Bearer <redacted>' } },
      secrets: ['rawkey'],
    },
    'a header without a scheme is never shown, and the whole value is a secret',
  );
});

t.test('authorizationSecrets: every credential an Authorization value carries, whatever its scheme', async (t) => {
  t.same(authorizationSecrets('Bearer key-abcdef123'), ['key-abcdef123'], 'a known scheme word is no secret');
  t.same(authorizationSecrets('  basic dXNlcjpwYXNz  '), ['dXNlcjpwYXNz'], 'any case, trimmed');
  t.same(authorizationSecrets('Token  a b'), ['a b']);
  t.same(authorizationSecrets('sk-live-0123456789'), ['sk-live-0123456789'], 'a key without a scheme, whole');
  t.same(
    authorizationSecrets('MyScheme sk-live-0123456789'),
    ['MyScheme sk-live-0123456789', 'sk-live-0123456789'],
    'an unknown first word may be part of the key: the whole value and the part after it',
  );
  for (const none of ['', '   ', '<redacted>', 'Bearer <redacted>', 'Other <redacted>'])
    t.same(authorizationSecrets(none), [], `${none}: none`);
});

/**
 * No clock here: the inputs are sized so that the quadratic scrubber this replaces (5.3 s for 100k characters, growing
 * with the square) would need hours for them and overrun tap's timeout many times over, while a linear pass takes
 * milliseconds. A regression fails by timing out, on any machine.
 */
t.test('the scrubber runs in linear time on a million-character word and a million-character run of a=a=a=', async (t) => {
  const million = 1_000_000;
  const word = 'a'.repeat(million);
  const chain = 'a='.repeat(million / 2);
  const scrub = createScrub(['canary-secret-1']);
  // t.ok on a comparison: a failure's diff of a million characters would bury the report.
  for (const [what, text] of [
    ['a word', word],
    ['a=a=a=...', chain],
    ['a word of the other name characters % . ~ -', '%.~-_9'.repeat(million / 6)],
  ] as const) {
    t.ok(redactCredentialAssignments(text) === text, `${what}: left as it was`);
    t.ok(scrub(text) === text, `${what}: createScrub leaves it as it was`);
  }
  t.ok(
    redactCredentialAssignments(`${word}=1 ${word}_id=x sign=${word}&token=${chain}`) ===
      `${word}=1 ${word}_id=x sign=<redacted>&token=<redacted>`,
    'a credential after a long word is still found, a long name is read whole, a long value is redacted whole',
  );
  t.ok(
    redactCredentialAssignments(`${word}sign=x`) === `${word}sign=<redacted>`,
    'a long name ending in a secret word is read whole, not from a later start',
  );
  t.ok(scrub(`${chain} canary-secret-1 ${word}`) === `${chain} <redacted> ${word}`, 'a secret between long runs is scrubbed');
});
