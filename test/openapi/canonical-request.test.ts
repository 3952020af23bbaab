import t from 'tap';
import { createCanonicalizer, sortedJson } from '../../src/openapi/canonical-request.js';
import { api } from '../helpers/spec.js';

const canonical = createCanonicalizer(api);

t.test('key order and default values do not change the canonical form', async (t) => {
  const plain = canonical({});
  t.equal(plain, '{"orderby":[{"field":"potential_index","order":"desc"}],"page":1,"pagesize":10}');
  t.equal(canonical({ page: 1, pagesize: 10, orderby: [{ field: 'potential_index', order: 'desc' }], filter: {} }), plain);
  t.equal(canonical({ orderby: [] }), plain);
  t.equal(canonical({ orderby: [{ field: 'potential_index' }] }), plain);
  const a = canonical({ filter: { region: 'US', date_info: { value: '2026-03', type: 'month' } }, pagesize: 20 });
  const b = canonical({ pagesize: 20, filter: { date_info: { type: 'month', value: '2026-03' }, region: 'US' } });
  t.equal(a, b);
  t.not(canonical({ orderby: [{ field: 'potential_index', order: 'asc' }] }), plain);
  t.not(canonical({ page: 2 }), plain);
});

t.test('sortedJson sorts keys at every level and keeps arrays in order', async (t) => {
  t.equal(sortedJson({ b: [{ d: 1, c: 2 }, 3], a: null }), '{"a":null,"b":[{"c":2,"d":1},3]}');
  t.equal(sortedJson(undefined), 'null');
  t.equal(sortedJson('x'), '"x"');
});
