import t from 'tap';
import { clipWords, CUT_MARK } from '../src/clip-words.js';

t.test('text that fits is kept whole', async (t) => {
  t.equal(clipWords('short words', 11), 'short words');
  t.equal(clipWords('', 0), '');
});

t.test('longer text is cut at a word boundary, marked, within the limit', async (t) => {
  const text = 'use one of the tokens it was started with (--token).';
  for (let max = CUT_MARK.length + 4; max < text.length; max++) {
    const cut = clipWords(text, max);
    t.ok(cut.length <= max, `${max}: within the limit`);
    t.ok(cut.endsWith(CUT_MARK), `${max}: marked`);
    const kept = cut.slice(0, -CUT_MARK.length);
    t.ok(text.startsWith(kept), `${max}: a prefix`);
    t.match(text.slice(kept.length), /^\s/, `${max}: never inside a word ("${kept}")`);
  }
  t.equal(clipWords('one two three four', 7 + CUT_MARK.length), `one two${CUT_MARK}`, 'a word that ends exactly at the limit is kept');
  t.equal(clipWords('one two three four', 6 + CUT_MARK.length), `one${CUT_MARK}`);
});

t.test('a first word longer than the limit is cut at the limit, never inside a surrogate pair', async (t) => {
  t.equal(clipWords('x'.repeat(20), 10), `xxxx${CUT_MARK}`);
  t.equal(clipWords(`abc😀${'d'.repeat(20)}`, 4 + CUT_MARK.length), `abc${CUT_MARK}`, 'the pair is left out whole');
  t.equal(clipWords('abcdef', 2), CUT_MARK, 'a limit below the mark still marks the cut');
});
