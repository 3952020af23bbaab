import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { Document, parseDocument } from 'yaml';
import { DriftReportError, driftInput, MAX_DRIFT_BYTES, MAX_DRIFT_FINDINGS, readDriftReport } from '../../src/contract/drift-input.js';
import { pathSegments, proposalText, proposeSpec, type DriftFinding, type SpecProposal } from '../../src/contract/propose-spec.js';
import { staleExamples } from '../../src/contract/stale-examples.js';
import { parseObserved, schemaOf, shapeOf } from '../../src/contract/value-shape.js';
import { exitCodeOf } from '../../src/kit-errors.js';
import { resolveSpec } from '../../src/openapi/describe.js';
import { SPEC_PATH } from '../../src/openapi/load-spec.js';
import { tempDir } from '../helpers/temp-dir.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read member by member in assertions
type Json = Record<string, any>;

const specText = readFileSync(SPEC_PATH, 'utf8');
const own = (): Document => parseDocument(specText);
const propose = (findings: readonly DriftFinding[], options = {}): SpecProposal => proposeSpec(own(), findings, options);
const js = (proposal: SpecProposal): Json => proposal.document.toJS() as Json;
const schemas = (proposal: SpecProposal): Json => js(proposal)['components']['schemas'];
const operation = (proposal: SpecProposal): Json => js(proposal)['paths']['/creator/v1/rank/topPotential']['post'];

t.test('a member production added: an optional property of the observed type, an example of its shape, a Decision', async (t) => {
  const given = own();
  const before = String(given);
  const proposal = proposeSpec(
    given,
    [{ kind: 'undocumented-field', path: '$.data.list[*].creator.shop_level', observed: 'string "Gold-3 级"' }],
    { source: 'the contract run of 2026-04-15T06:00:00.000Z' },
  );
  t.equal(String(given), before, 'the document given is not changed');
  const added = schemas(proposal)['Creator']['properties']['shop_level'];
  t.same(added.type, 'string');
  t.same(added.examples, ['Aaaa-9 a'], 'letters and digits masked, punctuation kept: no text production sent is repeated');
  t.equal(
    added.description,
    'Decision: shop_level is an optional string, which the spec did not describe, as production showed in the contract run of ' +
      '2026-04-15T06:00:00.000Z (finding `undocumented-field:$.data.list[*].creator.shop_level`).',
  );
  t.notOk(schemas(proposal)['Creator']['required'].includes('shop_level'), 'optional');
  t.same(proposal.changes, [
    {
      finding: 'undocumented-field:$.data.list[*].creator.shop_level',
      at: '#/components/schemas/Creator/properties/shop_level',
      change: 'shop_level is an optional string, which the spec did not describe',
    },
  ]);
  t.same(proposal.notExpressed, []);
  const text = proposalText(proposal);
  t.equal(text.split('\n').length, specText.split('\n').length + 5, 'only the new lines: comments, key order and styles kept');
  t.match(text, /\n {6}required: \[creator, uid, video_count,/, 'flow lists written as the spec writes them');
  resolveSpec(js(proposal) as never);
});

t.test('an object or list production added: its members and items described from the value', async (t) => {
  const proposal = propose([
    { kind: 'undocumented-field', path: '$.data.badge', observed: 'object {"level":3,"tags":["a"],"ok":true,"x y":1,"rate":0.5}' },
    { kind: 'undocumented-field', path: '$.data.cut', observed: 'string "aaaaaaaa...' },
    { kind: 'undocumented-field', path: '$.data.none', observed: 'null' },
  ]);
  const data = schemas(proposal)['TopPotentialData']['properties'];
  t.same(data['badge'].type, 'object');
  t.same(data['badge'].properties, {
    level: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    ok: { type: 'boolean' },
    rate: { type: 'number' },
  });
  t.same(data['badge'].examples, [{ level: 3, tags: ['a'], ok: true, rate: 0.5 }], 'a member without a plain name is left out');
  t.same([data['cut'].type, data['cut'].examples], ['string', undefined], 'a value shown cut: its type only');
  t.same([data['none'].type, data['none'].examples], ['null', undefined]);
});

t.test('a changed type: the observed one, keywords of the old type dropped, the Decision under the old description', async (t) => {
  const proposal = propose([
    { kind: 'schema-type', path: '$.data.total', rule: 'type', observed: 'integer 17' },
    { kind: 'schema-type', path: '$.data.list[*].uid', rule: 'type', observed: 'integer 5' },
    { kind: 'schema-type', path: '$.data.list[*].gmv', rule: 'type', observed: 'null' },
    { kind: 'schema-type', path: '$.data.list[*].sales_category_l3[*].id', rule: 'type', observed: 'string "7"' },
  ]);
  const data = schemas(proposal)['TopPotentialData']['properties'];
  t.equal(data['total'].type, 'integer');
  t.notOk('pattern' in data['total'], 'a pattern does not apply to an integer');
  t.match(
    data['total'].description,
    /^Number of creators matching the filter, over all pages\.\n[\s\S]*\nDecision: it is an integer, not string, as production showed \(finding `schema-type:\$\.data\.total:type`\)\.$/,
  );
  t.match(proposalText(proposal), /\n {10}description: \|-\n {12}Number of creators/, 'a block stays a block');
  const item = schemas(proposal)['TopPotentialItem']['properties'];
  t.same(
    Object.keys(item['uid']),
    ['type', 'description'],
    'a $ref replaced, not the component it names (CreatorUid serves creator.uid too)',
  );
  t.equal(item['uid'].type, 'integer');
  t.equal(schemas(proposal)['CreatorUid'].type, 'string');
  t.same(item['gmv'].type, ['number', 'null'], 'null added to the type, the bounds kept');
  t.equal(item['gmv'].minimum, 0);
  t.same(schemas(proposal)['SalesCategory']['properties']['id'], {
    type: 'string',
    description:
      'Decision: it is a string, not integer, as production showed (finding `schema-type:$.data.list[*].sales_category_l3[*].id:type`).',
  });
  t.same(proposal.notExpressed, []);
});

t.test('a required member production left out: optional for the spec, removed for the fake', async (t) => {
  const avatar: DriftFinding = {
    kind: 'schema-missing-field',
    path: '$.data.list[*].creator.avatar',
    rule: 'required',
    observed: 'absent',
  };
  const uid: DriftFinding = { kind: 'schema-missing-field', path: '$.data.list[*].uid', rule: 'required', observed: 'absent' };
  const optional = propose([avatar, uid]);
  const creator = schemas(optional)['Creator'];
  t.notOk(creator['required'].includes('avatar'));
  t.equal(creator['properties']['avatar'].type, 'string', 'still described');
  t.match(creator['properties']['avatar'].description, /^Avatar image URL\.\nDecision: avatar is optional, as production showed/);
  t.match(schemas(optional)['TopPotentialItem']['properties']['uid'], {
    $ref: '#/components/schemas/CreatorUid',
    description: /^Decision: uid is optional/,
  });
  const absent = propose([avatar], { missing: 'absent' });
  t.notOk('avatar' in schemas(absent)['Creator']['properties'], 'removed, so the fake leaves it out');
  t.notOk(schemas(absent)['Creator']['required'].includes('avatar'));
  t.same(
    absent.changes.map((c) => c.change),
    ['avatar removed, as production left it out'],
  );
});

t.test('response constraints production went past: dropped, an enum widened by the value', async (t) => {
  const proposal = propose([
    { kind: 'schema-enum', path: '$.data.list[*].ecommerce_type', rule: 'enum', observed: 'integer 4' },
    { kind: 'schema-format', path: '$.request_id', rule: 'format', observed: 'string "req-123"' },
    { kind: 'schema-constraint', path: '$.data.list[*].potential_index', rule: 'maximum', observed: 'integer 120' },
    { kind: 'schema-enum', path: '$.data.date_type', rule: 'enum', observed: 'object {"a":1}' },
    { kind: 'schema-enum', path: '$.code', rule: 'const', observed: 'integer 1' },
    { kind: 'schema-constraint', path: '$.message', rule: 'maxLength', observed: 'string "x"' },
    { kind: 'schema-constraint', path: '$.nothing', rule: 'maximum', observed: 'integer 1' },
  ]);
  t.same(schemas(proposal)['ItemEcommerceType'].enum, [1, 2, 3, 4]);
  t.notOk('format' in schemas(proposal)['RequestId']);
  t.notOk('maximum' in schemas(proposal)['TopPotentialItem']['properties']['potential_index']);
  t.match(
    schemas(proposal)['TopPotentialItem']['properties']['potential_index'].description,
    /Decision: no maximum is known: production went past maximum 100/,
  );
  t.same(
    proposal.notExpressed.map((n) => n.why),
    [
      'the report shows no single value to add to the enum',
      'a const rule is not one a tool relaxes: decide it by hand',
      'the spec has no maxLength there',
      'the spec describes no member there',
    ],
  );
});

t.test('request rules production did not keep: an x-rules entry or a keyword dropped, an enum widened', async (t) => {
  const proposal = propose([
    { kind: 'validation-accepts-invalid', path: 'page', rule: 'page-window', observed: 'accepted', request: { body: { page: 101 } } },
    { kind: 'validation-accepts-invalid', path: 'filter.nowhere', rule: 'week-exists', observed: 'accepted' },
    { kind: 'validation-accepts-invalid', path: 'pagesize', rule: 'maximum', observed: 'accepted', request: { body: { pagesize: 101 } } },
    {
      kind: 'validation-accepts-invalid',
      path: 'filter.region',
      rule: 'enum',
      observed: 'accepted',
      request: { body: { filter: { region: 'XX' } } },
    },
    {
      kind: 'validation-accepts-invalid',
      path: 'orderby[0].field',
      rule: 'enum',
      observed: 'accepted',
      request: { body: { orderby: [{ field: 'gmv' }] } },
    },
    { kind: 'validation-accepts-invalid', path: 'filter.nothing', rule: 'enum', observed: 'accepted' },
  ]);
  t.same(
    operation(proposal)['x-rules'].map((rule: Json) => rule.id),
    ['follower-range-order', 'day-is-calendar-date', 'month-in-range'],
    'page-window and week-exists are gone',
  );
  t.match(
    js(proposal)['paths']['/creator/v1/rank/topPotential']['post']['description'],
    /\nDecision: rule week-exists is not enforced, as production showed/,
  );
  t.match(schemas(proposal)['TopPotentialRequest']['properties']['page'], {
    $ref: '#/components/schemas/Page',
    description: /rule page-window is not enforced/,
  });
  t.notOk('maximum' in schemas(proposal)['PageSize']);
  t.same(schemas(proposal)['Region'].enum.at(-1), 'XX');
  t.same(schemas(proposal)['OrderByField'].enum, ['potential_index', 'gmv']);
  t.same(
    proposal.notExpressed.map((n) => n.why),
    ['the request schema has no such member'],
  );
});

t.test('request rules production enforced beyond the spec: narrowed where the report says how', async (t) => {
  const refused = (path: string, rule: string | undefined, body: unknown): DriftFinding => ({
    kind: 'validation-rejects-valid',
    path,
    ...(rule === undefined ? {} : { rule }),
    observed: 'refused',
    request: { body },
  });
  const proposal = propose([
    refused('pagesize', 'maximum', { pagesize: 100 }),
    refused('page', 'minimum', { page: 1 }),
    refused('filter.region', 'enum', { filter: { region: 'SG' } }),
    refused('filter.date_info.type', 'enum', { filter: { date_info: { type: 'nope' } } }),
    refused('page', 'maximum', { page: 'x' }),
    refused('body', undefined, {}),
  ]);
  t.equal(schemas(proposal)['PageSize'].maximum, 99);
  t.match(schemas(proposal)['PageSize'].description, /Decision: the maximum is 99: production refused 100/);
  t.equal(schemas(proposal)['Page'].minimum, 2);
  t.notOk(schemas(proposal)['Region'].enum.includes('SG'));
  t.same(proposal.notExpressed, [
    {
      finding: 'validation-rejects-valid:filter.date_info.type:enum',
      why: 'production refused a request the spec accepts; the report does not say what enum production applies instead',
    },
    {
      finding: 'validation-rejects-valid:page:maximum',
      why: 'production refused a request the spec accepts; the report does not say what maximum production applies instead',
    },
    {
      finding: 'validation-rejects-valid:body',
      why: 'production refused a request the spec accepts, and the report names no rule of the spec to narrow',
    },
  ]);
});

t.test('what no change to the spec describes is listed with why', async (t) => {
  const proposal = propose([
    { kind: 'status', path: 'status', observed: 'HTTP 502' },
    { kind: 'sort-ties', path: '$.data.list', observed: 'ties' },
    { kind: 'schema-type', path: '$.data.list[*].creator', observed: 'null' },
    { kind: 'schema-type', path: '$', observed: 'array []' },
    { kind: 'schema-type', path: '$.data.gone', observed: 'integer 1' },
    { kind: 'schema-type', path: '$.data.total', observed: 'absent' },
    { kind: 'undocumented-field', path: '$.data.list[*]', observed: 'integer 1' },
    { kind: 'undocumented-field', path: '$.data.list[*].uid', observed: 'string "1"' },
    { kind: 'undocumented-field', path: '$.nowhere.x', observed: 'integer 1' },
    { kind: 'undocumented-field', path: '$.data.x', observed: 'absent' },
    { kind: 'undocumented-field', path: '$["a b"]', observed: 'integer 1' },
    { kind: 'schema-missing-field', path: '$', observed: 'absent' },
    { kind: 'schema-missing-field', path: '$.data.list[*].follower_count', observed: 'absent' },
    { kind: 'auth-not-enforced', path: 'headers.authorization', observed: 'HTTP 200' },
  ]);
  t.same(proposal.changes, []);
  t.same(
    proposal.notExpressed.map((n) => n.why),
    [
      'a status or code outside the spec is a change to the API, not to a schema: document it by hand if it is here to stay',
      'information only, not drift',
      'the schema there names no type to add null to',
      'the spec describes no member there',
      'the spec describes no member there',
      'the report shows no type there',
      'the spec describes no object there to add the member to',
      'the spec already describes the member',
      'the spec describes no object there to add the member to',
      'the report shows no value there',
      'its path names a member in a form a proposal does not write (only plain names)',
      'the spec requires no such member',
      'the spec requires no such member',
      'security is not relaxed by a tool: confirm with the vendor',
    ],
  );
  t.equal(proposalText(proposal), String(own().toString({ lineWidth: 0, flowCollectionPadding: false })));
});

t.test('a spec of allOf parts, $refs to responses and a member required but not described', async (t) => {
  const spec = own().toJS() as Json;
  spec['paths']['/creator/v1/rank/topPotential']['post']['responses']['200'] = { $ref: '#/components/responses/Ok' };
  spec['components']['responses']['Ok'] = {
    description: 'ok',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Wrapped' } } },
  };
  Object.assign(spec['components']['schemas'], {
    Wrapped: {
      allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', required: ['ghost'], properties: { code: { const: 0 } } }],
    },
    Base: { type: 'object', required: ['only'], properties: { only: { type: 'string' } } },
  });
  const doc = new Document(spec);
  t.same(pathSegments('orderby[0].field'), ['orderby', '[*]', 'field']);
  t.same(pathSegments('body'), []);
  t.same(pathSegments('$.a.b-c'), undefined);
  const proposal = proposeSpec(doc, [
    { kind: 'schema-missing-field', path: '$.only', observed: 'absent' },
    { kind: 'schema-missing-field', path: '$.ghost', observed: 'absent' },
    { kind: 'schema-type', path: '$.code', observed: 'string "0"' },
  ]);
  const ok = (proposal.document.toJS() as Json)['components']['schemas'];
  t.notOk('required' in ok['Base'], 'an empty required list is removed');
  t.notOk('required' in ok['Wrapped'].allOf[1]);
  t.same(ok['Wrapped'].allOf[1].properties.code.type, 'string', 'found in an allOf part, through a response $ref');
  t.same(
    proposal.changes.map((c) => [c.at, c.change]),
    [
      ['#/components/schemas/Base/properties/only', 'only is optional'],
      ['#/components/schemas/Wrapped/allOf/1', 'ghost is optional'],
      ['#/components/schemas/Wrapped/allOf/1/properties/code', 'it is a string, not what the spec said'],
    ],
  );
});

t.test('the examples a proposal no longer fits are named, for a person to update', async (t) => {
  t.same(staleExamples(own().toJS() as never), [], "the kit's own spec fits its examples");
  const proposal = propose([
    { kind: 'schema-type', path: '$.data.list[*].uid', rule: 'type', observed: 'integer 5' },
    { kind: 'validation-rejects-valid', path: 'pagesize', rule: 'maximum', observed: 'refused', request: { body: { pagesize: 100 } } },
  ]);
  t.same(staleExamples(js(proposal) as never), [
    'request example weekPeriod: pagesize must be <= 99: got 100.',
    'HTTP 200 example vendorExample: data.list[0].uid must be an integer: got string "6787580688797713413".',
  ]);
  const other = own().toJS() as Json;
  const post = other['paths']['/creator/v1/rank/topPotential']['post'];
  post['responses']['200'] = { $ref: '#/components/responses/Ok' };
  other['components']['responses']['Ok'] = {
    description: 'ok',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/TopPotentialResponse' } } },
  };
  post['requestBody']['content']['application/json']['examples']['odd'] = 5;
  t.same(
    staleExamples(other as never),
    ['request example odd: body must be an object: got undefined undefined.'],
    'an example that is no example object; none of a 200 given by $ref',
  );
  delete post['requestBody']['content']['application/json']['examples'];
  t.same(staleExamples(other as never), [], 'no examples, none stale');
});

t.test('value shapes: bounded, masked, never the text production sent', async (t) => {
  t.same(parseObserved('integer 5'), { type: 'integer', value: 5 });
  t.same(parseObserved('absent'), undefined);
  t.same(parseObserved('string "cut...'), { type: 'string' });
  t.equal(shapeOf('Bearer abc.DEF_123\u0000'), 'Aaaaaa aaa.AAA_999_');
  t.equal((shapeOf('x'.repeat(500)) as string).length, 64);
  t.same(shapeOf([1, 2, 3, 4, 5]), [1, 2, 3]);
  t.same(shapeOf({ a: { b: { c: { d: { e: 1 } } } } }), { a: { b: { c: { d: {} } } } });
  t.same(shapeOf([[[[[1]]]]]), [[[[[]]]]]);
  t.same(
    shapeOf(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${i}`, i]))),
    Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`m${i}`, i])),
  );
  t.same(schemaOf({ type: 'array', value: [] }), { type: 'array' });
  t.same(schemaOf({ type: 'object', value: { 'a b': 1 } }), { type: 'object' });
  t.same(schemaOf({ type: 'array', value: [[[[[1]]]]] }), {
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'array' } } } },
  });
  t.same(schemaOf({ type: 'array', value: [null] }), { type: 'array', items: { type: 'null' } });
});

t.test('drift.json: read, checked, bounded; anything else is a DriftReportError with exit code 2', async (t) => {
  const dir = tempDir('drift-input-');
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const good = {
    tool: 'fastmoss-kit contract',
    started_at: '2026-04-15T06:00:00.000Z',
    findings: [
      {
        id: 'x',
        kind: 'schema-type',
        path: '$.data.total',
        rule: 'type',
        observed: 'integer 17',
        request: { method: 'POST', body: { page: 1 } },
      },
      { kind: 'undocumented-field', path: '$.data.x', observed: 'integer 1', request: { method: 'POST' } },
    ],
  };
  t.same(readDriftReport(file('good.json', JSON.stringify(good))), {
    startedAt: '2026-04-15T06:00:00.000Z',
    findings: [
      { kind: 'schema-type', path: '$.data.total', observed: 'integer 17', rule: 'type', request: { body: { page: 1 } } },
      { kind: 'undocumented-field', path: '$.data.x', observed: 'integer 1' },
    ],
  });
  t.same(driftInput({ ...good, started_at: 'not\na time' }, 'given').startedAt, undefined, 'a start time that is no time is not repeated');
  const refusals: [unknown, RegExp][] = [
    [{ tool: 'other' }, /is not a report of `fastmoss-kit contract`/],
    [[], /is not a report of/],
    [{ tool: 'fastmoss-kit contract' }, /has no "findings" list/],
    [
      { tool: 'fastmoss-kit contract', findings: Array.from({ length: MAX_DRIFT_FINDINGS + 1 }, () => ({})) },
      /lists 1001 findings, more than the 1000 read/,
    ],
    [
      { tool: 'fastmoss-kit contract', findings: [{ kind: 'toString', path: '$', observed: 'x' }] },
      /findings\[0\] has no kind the kit knows/,
    ],
    [{ tool: 'fastmoss-kit contract', findings: [null] }, /findings\[0\] has no kind/],
    [
      { tool: 'fastmoss-kit contract', findings: [{ kind: 'status', path: 'x'.repeat(5000), observed: 'x' }] },
      /needs "path" and "observed"/,
    ],
    [
      { tool: 'fastmoss-kit contract', findings: [{ kind: 'status', path: 'status', observed: 'x', rule: 5 }] },
      /needs "path" and "observed" \(and any "rule"\)/,
    ],
  ];
  for (const [value, message] of refusals) {
    const error = t.throws(() => driftInput(value, 'given as an object')) as Error;
    t.ok(error instanceof DriftReportError, String(message));
    t.match(error.message, message);
    t.match(error.message, /Pass the drift\.json a `fastmoss-kit contract` run wrote/);
    t.equal(exitCodeOf(error), 2);
  }
  t.throws(() => readDriftReport(file('bad.json', '{"tool":')), {
    code: 'FMK_ERR_DRIFT_REPORT',
    message: /drift-input-.*bad\.json is not JSON/,
  });
  t.throws(() => readDriftReport(join(dir, 'missing.json')), {
    code: 'FMK_ERR_DRIFT_REPORT',
    message: /^Failed to read the drift report .*missing\.json: ENOENT/,
  });
  const big = file('big.json', ' '.repeat(MAX_DRIFT_BYTES + 1));
  t.throws(() => readDriftReport(big), { code: 'FMK_ERR_DRIFT_REPORT', message: /is 8388609 bytes, more than the 8388608 read/ });
  // A device reports size 0 and never ends: only a regular file is read.
  t.throws(() => readDriftReport('/dev/zero'), {
    code: 'FMK_ERR_DRIFT_REPORT',
    message: /^The drift report at \/dev\/zero is not a regular file/,
  });
  t.throws(() => readDriftReport(dir), { code: 'FMK_ERR_DRIFT_REPORT', message: /is not a regular file/ });
});
